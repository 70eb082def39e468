"""The ``toponorm`` command line: a typer app that parses flags and calls the library. No logic here."""
from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from gazetteer.errors import GazetteerError
from normalise.errors import ToponormError

# rich_markup_mode=None: plain click help, and usage errors in click's short form (no rich box)
app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Normalise place names and attribute quotes in multilingual text and data.")
gazetteer_app = typer.Typer(no_args_is_help=True, help="Build, inspect and extend gazetteers.")
models_app = typer.Typer(no_args_is_help=True, help="Manage stanza models for quote attribution.")
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(models_app, name="models")


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version
        try:
            typer.echo(f"toponorm {version('toponorm')}")
        except PackageNotFoundError:  # a checkout run without installing it
            typer.echo("toponorm (not installed)")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Normalise place names and attribute quotes in multilingual text and data."""


# ---- gazetteer commands ------------------------------------------------------------------


def _split_codes(text: str | None, option: str) -> list[str] | None:
    """A comma-separated option's codes; None where it is not given. Given but empty ('', ',') is an
    error: it had meant every country (or class), as leaving it out does."""
    if text is None:
        return None
    codes = [c for c in text.split(",") if c.strip()]
    if not codes:
        raise GazetteerError(f"{option} {text!r}: no codes given (leave {option} out for all)")
    return codes


@gazetteer_app.command("build")
def gazetteer_build_cmd(
    geonames: str | None = typer.Option(None, "--geonames", help="Folder (or file) of GeoNames dumps: "
                                        "allCountries.zip, XX.zip or citiesN.zip, alternateNamesV2.zip, "
                                        "admin1CodesASCII.txt, countryInfo.txt. Without it: the embedded default."),
    countries: str | None = typer.Option(None, "--countries", help="Only these countries, e.g. UA,RU."),
    min_population: int = typer.Option(0, "--min-population", help="Skip populated places below this."),
    feature_classes: str | None = typer.Option(None, "--feature-classes", help="Only these GeoNames "
                                               "feature classes, e.g. P,A."),
    output: str | None = typer.Option(None, "--output", "-o", help="Gazetteer file to write "
                                      "(default: the default gazetteer in the user cache)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
) -> None:
    """Build a gazetteer: the embedded default, or a full one from GeoNames dumps."""
    from gazetteer.paths import build_output_path
    from normalise.keys import KEY_VERSION, index_keys

    target = str(build_output_path(output, KEY_VERSION))
    if geonames is None:
        from gazetteer.default import FEATURE_CLASSES, build_default

        if feature_classes:
            held = "; ".join(f"{c}: {what}" for c, what in FEATURE_CLASSES.items())
            raise GazetteerError(f"--feature-classes needs --geonames DIR (the default holds only {held})")
        from gazetteer.info import gazetteer_info

        build_default(target, index_keys, KEY_VERSION, progress=not quiet,
                      countries=_split_codes(countries, "--countries"), min_population=min_population)
        if not quiet:
            info = gazetteer_info(target)
            typer.echo(f"built {target}: {info['places']} places, {info['names']} names, "
                       f"{info['size_bytes'] / 1e6:.0f} MB", err=True)
        return
    from gazetteer.geonames import build_from_geonames

    report = build_from_geonames(geonames, target, index_keys, KEY_VERSION,
                                 countries=_split_codes(countries, "--countries"),
                                 min_population=min_population,
                                 feature_classes=_split_codes(feature_classes, "--feature-classes"),
                                 progress=not quiet)
    if not quiet:
        typer.echo(report.summary(), err=True)


@gazetteer_app.command("info")
def gazetteer_info_cmd(
    gazetteer: str | None = typer.Option(None, "--gazetteer", help="Gazetteer file (default: the default)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    top: int = typer.Option(20, "--top", min=0, help="How many languages to list."),
) -> None:
    """Sources, licences, schema and key versions, and counts of a gazetteer."""
    from gazetteer.info import gazetteer_info, render_info
    from gazetteer.paths import default_gazetteer_path
    from normalise.keys import KEY_VERSION

    path = gazetteer if gazetteer is not None else str(default_gazetteer_path(KEY_VERSION))
    typer.echo(render_info(gazetteer_info(path, top_languages=top), as_json=json_out))


@gazetteer_app.command("add")
def gazetteer_add_cmd(
    tsv: str = typer.Argument(..., help="TSV of names and places, UTF-8, with a header row (columns: see "
                              "docs/gazetteer.md); blank lines and lines starting with # are skipped."),
    gazetteer: str | None = typer.Option(None, "--gazetteer", help="Gazetteer file to extend "
                                         "(default: the default gazetteer, built first if missing)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary."),
) -> None:
    """Merge your own names and places into a gazetteer (atomically)."""
    from gazetteer.custom import add_tsv
    from normalise.keys import KEY_VERSION, index_keys

    if gazetteer is None:
        from normalise.gazetteer_access import open_gazetteer

        store = open_gazetteer(progress=not quiet)
        gazetteer = str(store.path)
        store.close()
    report = add_tsv(tsv, gazetteer, index_keys, KEY_VERSION)
    if not quiet:
        typer.echo(report.summary(), err=True)


# ---- place / table commands --------------------------------------------------------------


_MIN_SCORE_HELP = ("Leave answers scoring below this (0..1) unresolved; the place stays the first "
                   "candidate and the reason gives its score.")


@app.command("place")
def place_cmd(
    names: list[str] = typer.Argument(..., help="Place names to resolve (any script or spelling); "
                                      "- reads one name a line from stdin."),
    lang: str | None = typer.Option(None, "--lang", help="Language hint of the names (uk, ru, de...)."),
    country: str | None = typer.Option(None, "--country", help="Country hint: ISO code or name."),
    region: str | None = typer.Option(None, "--region", help="Region hint: a state, province or region "
                                      "(TX, Ontario, Donetsk Oblast), read as after each name."),
    as_of: str | None = typer.Option(None, "--as-of", help="Date hint, a year or a date (2015, 2016-06-30): "
                                     "names valid then count as current."),
    output_lang: str = typer.Option("en", "--output-lang", help="Language of the output names."),
    json_out: bool = typer.Option(False, "--json", help="One JSON object per line."),
    gazetteer: str | None = typer.Option(None, "--gazetteer", help="Gazetteer file (default: built-in)."),
    min_score: float = typer.Option(0.0, "--min-score", help=_MIN_SCORE_HELP),
) -> None:
    """Resolve place names: one result per name. Exits 0 even when some are unresolved or ambiguous."""
    from normalise.place_command import run_place

    run_place(names, lang=lang, country=country, region=region, as_of=as_of, output_lang=output_lang,
              as_json=json_out, gazetteer=gazetteer, min_score=min_score)


@app.command("table")
def table_cmd(
    input: str = typer.Argument(..., help="Table to read (CSV, TSV, JSONL, Parquet); - for stdin."),
    column: str = typer.Option(..., "--column", "-c", help="Column holding the place names."),
    output: str = typer.Option("-", "--output", "-o", help="Where to write; - for stdout."),
    country_column: str | None = typer.Option(None, "--country-column",
                                              help="Column with a country hint per row (UA, Ukraine)."),
    country: str | None = typer.Option(None, "--country", help="Country hint for every row."),
    region_column: str | None = typer.Option(None, "--region-column",
                                             help="Column with a region hint per row (TX, Ontario)."),
    lang: str | None = typer.Option(None, "--lang", help="Language hint of the names."),
    output_lang: str = typer.Option("en", "--output-lang", help="Language of the output names."),
    as_of: str | None = typer.Option(None, "--as-of",
                                     help="Date hint, a year or a date (2015, 2016-06-30): names valid "
                                     "then count as current."),
    prefix: str = typer.Option("place_", "--prefix", help="Prefix of the added result columns."),
    fmt: str | None = typer.Option(None, "--format", "-f",
                                   help="Input format: csv, tsv, jsonl, parquet (default: by extension)."),
    output_format: str | None = typer.Option(None, "--output-format",
                                             help="Output format (default: by extension, else the input's)."),
    encoding: str = typer.Option("utf-8", "--encoding",
                                 help="Input text encoding (the default reads a UTF-16 or UTF-32 byte-order mark)."),
    delimiter: str | None = typer.Option(None, "--delimiter", "-d",
                                         help="CSV separator: ; | or tab (default: a comma, or what a .csv "
                                         "header shows); a CSV output keeps it."),
    chunk_size: int = typer.Option(20_000, "--chunk-size", help="Rows per chunk."),
    jobs: int = typer.Option(1, "--jobs", "-j",
                             help="Worker processes resolving distinct values (0: one per CPU)."),
    gazetteer: str | None = typer.Option(None, "--gazetteer", help="Gazetteer file (default: built-in)."),
    summary_json: str | None = typer.Option(None, "--summary-json", help="Also write the summary as JSON here."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    min_score: float = typer.Option(0.0, "--min-score", help=_MIN_SCORE_HELP),
) -> None:
    """Add place-resolution columns to a table, resolving each distinct value once."""
    from normalise.table import normalise_table

    try:
        summary = normalise_table(input, output, column=column, country_column=country_column,
                                  country=country, region_column=region_column, lang=lang,
                                  output_lang=output_lang, as_of=as_of,
                                  prefix=prefix, format=fmt, output_format=output_format,
                                  encoding=encoding, delimiter=delimiter, chunk_size=chunk_size,
                                  gazetteer=gazetteer,
                                  jobs=jobs, quiet=quiet, min_score=min_score, summary_json=summary_json)
    except BrokenPipeError:  # stdout's reader left (`| head`): stop quietly, as Unix tools do
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1)
    if not quiet:
        typer.echo(summary.text(), err=True)


# ---- quotes / places-in / models commands ------------------------------------------------
_LANG_HELP = "Language of the documents (stanza code: en, uk, ru, de, fr, ...)."
_MODELS_HELP = ("Stanza models directory (repeatable for model sets); default $TOPONORM_STANZA_DIR, "
                "else $STANZA_RESOURCES_DIR or ~/stanza_resources.")


def _run_documents(inputs: list[str], places_only: bool, lang: str, conllu: bool, text: str | None,
                   text_dir: str | None, fmt: str, output: str | None, models_dir: list[str] | None,
                   gazetteer: str | None, batch_size: int, max_chars: int, threads: int | None,
                   model: list[str] | None, quiet: bool) -> None:
    from normalise.doc_runner import run

    failed = run(inputs, places_only=places_only, lang=lang, conllu=conllu, text_path=text,
                 text_dir=text_dir, fmt=fmt, output=output, models_dir=models_dir, gazetteer=gazetteer,
                 batch_size=batch_size, max_chars=max_chars, threads=threads, model_paths=model,
                 quiet=quiet)
    if failed:
        raise typer.Exit(1)


_Inputs = Annotated[list[str], typer.Argument(metavar="INPUT", help="Text files (or CoNLL-U with --conllu); - for stdin.")]
_Lang = Annotated[str, typer.Option("--lang", "-l", help=_LANG_HELP)]
_Conllu = Annotated[bool, typer.Option("--conllu", help="Inputs are pre-parsed CoNLL-U (stanza conventions).")]
_Text = Annotated[Optional[str], typer.Option("--text", help="With --conllu: the original text the offsets index into.")]
_TextDir = Annotated[Optional[str], typer.Option("--text-dir", help="With --conllu: a folder of DOC.txt texts.")]
_Format = Annotated[str, typer.Option("--format", "-f", help="json (a list) or jsonl (one line per document).")]
_Output = Annotated[Optional[str], typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")]
_ModelsDir = Annotated[Optional[list[str]], typer.Option("--models-dir", help=_MODELS_HELP)]
_Model = Annotated[Optional[list[str]], typer.Option("--model", metavar="PROC=FILE",
                                                     help="An explicit model file for one processor (repeatable).")]
_Gazetteer = Annotated[Optional[str], typer.Option("--gazetteer", help="Gazetteer file (default: the embedded one).")]
_BatchSize = Annotated[int, typer.Option("--batch-size", min=1, help="Documents per stanza call.")]
_MaxChars = Annotated[int, typer.Option("--max-chars", min=1, help="Longest document: a raw text parsed, "
                                                                    "or a CoNLL-U text rebuilt from offsets.")]
_Threads = Annotated[Optional[int], typer.Option("--threads", min=1, help="CPU threads for stanza (default: torch's).")]
_Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


@app.command("quotes")
def quotes_command(inputs: _Inputs, lang: _Lang = "en", conllu: _Conllu = False, text: _Text = None,
                   text_dir: _TextDir = None, fmt: _Format = "json", output: _Output = None,
                   models_dir: _ModelsDir = None, model: _Model = None, gazetteer: _Gazetteer = None,
                   batch_size: _BatchSize = 16, max_chars: _MaxChars = 1_000_000, threads: _Threads = None,
                   quiet: _Quiet = False) -> None:
    """Find quotations, their speakers and cues, entities and places: one JSON object per document.

    Exit 0 when every document was processed (also when it has no quotes: see its "reason"), 1 when
    some document failed (its object has "error"; one line on stderr), 2 on a whole-run error.
    """
    _run_documents(inputs, False, lang, conllu, text, text_dir, fmt, output, models_dir, gazetteer,
                   batch_size, max_chars, threads, model, quiet)


@app.command("places-in")
def places_in_command(inputs: _Inputs, lang: _Lang = "en", conllu: _Conllu = False, text: _Text = None,
                      text_dir: _TextDir = None, fmt: _Format = "json", output: _Output = None,
                      models_dir: _ModelsDir = None, model: _Model = None, gazetteer: _Gazetteer = None,
                      batch_size: _BatchSize = 16, max_chars: _MaxChars = 1_000_000, threads: _Threads = None,
                      quiet: _Quiet = False) -> None:
    """The place mentions of each document, resolved to gazetteer places (no quote attribution).

    Exit codes as for `quotes`.
    """
    _run_documents(inputs, True, lang, conllu, text, text_dir, fmt, output, models_dir, gazetteer,
                   batch_size, max_chars, threads, model, quiet)


@models_app.command("download")
def models_download_command(
    langs: list[str] = typer.Argument(..., metavar="LANG", help="Languages to download (en, uk, ru, de, fr, ...)."),
    models_dir: str | None = typer.Option(None, "--models-dir", help=(
        "Where to download the models; default $TOPONORM_STANZA_DIR, else $STANZA_RESOURCES_DIR or "
        "~/stanza_resources.")),
    processors: str | None = typer.Option(None, "--processors", help="Only these, e.g. tokenize,mwt,pos,ner."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Download stanza's default models for each language (what `quotes` and `places-in` use)."""
    from normalise.nlp import download_models

    target = download_models(langs, models_dir, processors=processors, quiet=quiet)
    if not quiet:
        print(f"models for {', '.join(langs)} in {target}", file=sys.stderr)


_MAIN_PID = -1  # the process main() runs in (see _terminated)


def _terminated(signum: int, _frame: object) -> None:
    """SIGTERM (``kill``, a job scheduler's timeout) ends the run as an error does: outputs and
    gazetteers being built are left as they were, their temp files removed, workers stopped (the
    default action killed the process outright and left all three behind). A forked worker
    inherits the handler: it dies as before, silently, when its parent stops it."""
    import os
    import signal

    if os.getpid() != _MAIN_PID:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    print("toponorm: terminated", file=sys.stderr)
    raise SystemExit(128 + signum)


def _from_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` was raised while handling a KeyboardInterrupt (Typer's ``Exit(130)`` is)."""
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 8:
        if isinstance(cause, KeyboardInterrupt):
            return True
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return False


def main() -> None:
    """Entry point: run the app, turning known errors into one line on stderr and a nonzero exit.

    Click's standalone mode handles usage errors and exit codes; our own errors propagate out of
    it and get one line here. Unexpected errors also get one line; ``TOPONORM_DEBUG=1`` shows the
    traceback.
    """
    import os
    import signal

    global _MAIN_PID
    _MAIN_PID = os.getpid()
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    except SystemExit as exc:  # Typer turns Ctrl-C into a silent exit 130: say what happened
        if exc.code == 130 and _from_interrupt(exc):
            print("toponorm: interrupted", file=sys.stderr)
        raise
    except (GazetteerError, ToponormError) as exc:
        print(f"toponorm: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("toponorm: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        # stdout closed early (e.g. `| head`): not an error; silence the flush at exit.
        sys.stderr.close()
        os._exit(0)
    except (OSError, MemoryError, UnicodeError) as exc:
        if os.environ.get("TOPONORM_DEBUG"):
            raise
        print(f"toponorm: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:  # a bug: still one line, the traceback on request
        if os.environ.get("TOPONORM_DEBUG"):
            raise
        print(f"toponorm: internal error: {type(exc).__name__}: {exc} "
              "(run with TOPONORM_DEBUG=1 for the traceback)", file=sys.stderr)
        sys.exit(70)


if __name__ == "__main__":
    main()
