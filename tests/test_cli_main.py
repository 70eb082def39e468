"""The entry point's contract: exit codes survive standalone_mode=False, errors are one line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer

import cli


def _run_main(monkeypatch, argv: list[str]) -> int:
    monkeypatch.setattr(sys, "argv", ["toponorm", *argv])
    with pytest.raises(SystemExit) as info:
        cli.main()
        raise SystemExit(0)
    return info.value.code or 0


def test_typer_exit_code_is_kept(monkeypatch):
    @cli.app.command("_exit3", hidden=True)
    def _exit3() -> None:
        raise typer.Exit(3)

    try:
        assert _run_main(monkeypatch, ["_exit3"]) == 3
    finally:
        cli.app.registered_commands = [c for c in cli.app.registered_commands if c.name != "_exit3"]


def test_unexpected_error_is_one_line(monkeypatch, capsys):
    @cli.app.command("_boom", hidden=True)
    def _boom() -> None:
        raise RuntimeError("kaputt")

    try:
        assert _run_main(monkeypatch, ["_boom"]) == 70
    finally:
        cli.app.registered_commands = [c for c in cli.app.registered_commands if c.name != "_boom"]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "RuntimeError: kaputt" in err[0]


def test_unknown_command_is_usage_error():
    proc = subprocess.run([sys.executable, "-m", "cli", "no-such-command"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def _toponorm(*args: str) -> subprocess.CompletedProcess:
    code = "import sys, cli; sys.argv[0] = 'toponorm'; cli.main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args,message", [
    (["table", "x.csv", "-c", "place", "--chunk-size", "abc"], "Error: Invalid value for '--chunk-size'"),
    (["quotes", "x.txt", "--batch-size", "0"], "Error: Invalid value for '--batch-size'"),
    (["place", "Kyiv", "--no-such-flag"], "Error: No such option: --no-such-flag"),
])
def test_usage_errors_are_short_plain_click_errors(args, message):
    # no rich box spread over many lines: the usage line, the hint, and the error on one line
    proc = _toponorm(*args)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines[0].startswith(f"Usage: toponorm {args[0]} ") and lines[1].startswith("Try 'toponorm")
    assert len(lines) == 3 and lines[2].startswith(message)
    assert not any(ch in proc.stderr for ch in "╭│╰")


def test_help_is_plain_text_listing_the_commands_and_options():
    top = _toponorm("--help")
    assert top.returncode == 0 and top.stdout.startswith("Usage: toponorm [OPTIONS] COMMAND [ARGS]...")
    commands = ("place", "table", "quotes", "places-in", "gazetteer", "models")
    assert all(f"\n  {c} " in top.stdout for c in commands)
    table = _toponorm("table", "--help").stdout
    assert "-c, --column" in table and "--chunk-size" in table and "Rows per chunk." in table
    assert not any(ch in top.stdout + table for ch in "╭│╰")


def _ctrl_c_as_at_a_terminal() -> None:
    """Ctrl-C's default action in the command under test, whatever the tests inherited: run as a
    shell's background job (``pytest &``) they ignore it, and so had the command (exit 0, not 130)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_reading_a_pipe(pid: int, most: float = 30.0) -> None:
    """Until process ``pid`` waits in a read of a pipe (Linux tells in /proc), else 2 s (a fixed
    wait)."""
    import time

    wchan = Path(f"/proc/{pid}/wchan")
    if not wchan.exists():
        time.sleep(2)
        return
    deadline = time.monotonic() + most
    while time.monotonic() < deadline:
        try:
            if "pipe" in wchan.read_text():
                return
        except OSError:
            return
        time.sleep(0.02)


def test_ctrl_c_says_interrupted_and_exits_130(tmp_path):
    """Typer turns Ctrl-C into a silent exit 130: main()'s "toponorm: interrupted" was never printed
    (in `quotes`, only stanza's "Cannot load model" line showed, as if a model were broken)."""
    import signal
    import time

    from gazetteer.model import Place, PlaceName
    from gazetteer.store import GazetteerWriter
    from normalise.keys import KEY_VERSION, index_keys
    gazetteer = tmp_path / "g.sqlite"
    with GazetteerWriter(gazetteer, index_keys, KEY_VERSION) as w:
        w.add_source("test")
        w.add_place(Place("test:1", "Kyiv", country="UA", population=1), [PlaceName("Kyiv")])
    proc = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", "place", "-",
                             "--gazetteer", str(gazetteer)], preexec_fn=_ctrl_c_as_at_a_terminal,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_reading_a_pipe(proc.pid)  # (it waits for names on stdin)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode().strip().splitlines()[-1:] == ["toponorm: interrupted"]
