"""The entry point's contract: exit codes survive standalone_mode=False, errors are one line."""
from __future__ import annotations

import subprocess
import sys

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
