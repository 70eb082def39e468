"""One exception type for every gazetteer failure, so the CLI can print one line and exit."""


class GazetteerError(Exception):
    """A gazetteer could not be read, built or written. The message names the file (and line)."""
