"""Errors the CLI turns into one line on stderr and a nonzero exit (never a traceback)."""


class ToponormError(Exception):
    """Bad input or a missing resource; the message says what and where, in one line."""


class InputError(ToponormError):
    """An input file or value cannot be used (missing, undecodable, wrong shape)."""


class ModelsMissingError(ToponormError):
    """NLP models are not installed; the message names the command that installs them."""


class WorkerError(ToponormError):
    """A worker process of ``--jobs`` / ``jobs=`` ended before it answered (killed, out of memory,
    or unable to start); nothing of the job is written."""
