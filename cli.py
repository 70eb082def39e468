"""The ``toponorm`` command line: a typer app that parses flags and calls the library. No logic here."""
from __future__ import annotations

import sys

import typer

from gazetteer.errors import GazetteerError
from normalise.errors import ToponormError

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Normalise place names and attribute quotes in multilingual text and data.")
gazetteer_app = typer.Typer(no_args_is_help=True, help="Build, inspect and extend gazetteers.")
models_app = typer.Typer(no_args_is_help=True, help="Manage stanza models for quote attribution.")
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(models_app, name="models")


# ---- gazetteer commands ------------------------------------------------------------------


# ---- place / table commands --------------------------------------------------------------


# ---- quotes / places-in / models commands ------------------------------------------------


def main() -> None:
    """Entry point: run the app, turning known errors into one line on stderr and exit code 2."""
    try:
        app(standalone_mode=False)
    except (GazetteerError, ToponormError) as exc:
        print(f"toponorm: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("toponorm: interrupted", file=sys.stderr)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # click usage errors and the like
        import click
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(1)
        raise


if __name__ == "__main__":
    main()
