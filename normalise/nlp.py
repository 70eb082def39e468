"""Stanza pipelines for quote attribution: where the models are, building them once, parsing in batches.

stanza (and torch) are imported lazily, only when a text is actually parsed, because most toponorm
users never attribute quotes: ``toponorm place`` must start fast and run without the ``quotes`` extra.

Two model layouts are understood (see docs/quotes.md, "Models"):

* a **stanza resources directory** (what ``stanza.download`` / ``toponorm models download`` writes:
  ``DIR/resources.json`` plus ``DIR/LANG/PROCESSOR/PACKAGE.pt``); stanza resolves the packages itself;
* a **model set**: any directory with ``LANG/PROCESSOR.pt`` or ``LANG/PROCESSOR/*.pt`` files and no
  ``resources.json`` (self-trained or hand-picked models). Several model-set directories can be
  given; for each processor the first directory that has it wins, so a tokenizer from one set can
  be combined with a tagger/parser/NER from another;
* explicit files per processor (``--model ner=FILE``), which win over both.
"""
from __future__ import annotations

import atexit
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normalise.errors import ModelsMissingError, ToponormError

if TYPE_CHECKING:  # pragma: no cover
    import stanza

ENV_MODELS_DIR = "TOPONORM_STANZA_DIR"
"""Environment variable naming the models directory (several joined by os.pathsep for model sets)."""

PROCESSOR_ORDER = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
QUOTE_PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
"""What attribution needs: parse (cue verbs, subjects) and NER (speakers, places)."""
PLACE_PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "ner")
"""What place mentions need: NER, UPOS for proper-noun spans, lemmas for inflected names; no parser."""
OPTIONAL_PROCESSORS = frozenset({"mwt", "ner"})
"""Processors used when the models have them: languages without multi-word tokens have no mwt, and
stanza has NER for only some languages (without it, places come from proper nouns alone)."""


def _stanza() -> Any:
    """Import stanza, or say in one line how to install it."""
    try:
        import stanza  # noqa: PLC0415 - lazy on purpose
    except ImportError:
        raise ModelsMissingError(
            "quote attribution needs stanza, which is not installed: pip install 'toponorm[quotes]'"
        ) from None
    return stanza


def require_stanza() -> None:
    """Fail early, in one line, when stanza is not installed (without paying for importing torch)."""
    import importlib.util  # noqa: PLC0415

    try:
        found = importlib.util.find_spec("stanza") is not None
    except (ImportError, ValueError):  # a broken or blocked installation
        found = False
    if not found or sys.modules.get("stanza", False) is None:
        _stanza()  # raises the one-line error


def models_dirs(explicit: Sequence[str | os.PathLike] | str | os.PathLike | None = None) -> list[Path]:
    """The directories to look for models in: the flag, else $TOPONORM_STANZA_DIR, else stanza's own default."""
    if explicit:
        items = [explicit] if isinstance(explicit, (str, os.PathLike)) else list(explicit)
        return [Path(p).expanduser() for p in items]
    env = os.environ.get(ENV_MODELS_DIR)
    if env:
        return [Path(p).expanduser() for p in env.split(os.pathsep) if p]
    stanza_env = os.environ.get("STANZA_RESOURCES_DIR")
    if stanza_env:
        return [Path(stanza_env).expanduser()]
    return [Path("~/stanza_resources").expanduser()]


def download_hint(lang: str, dirs: Sequence[Path]) -> str:
    """The command that installs the models, naming the directory unless it is stanza's default."""
    default = models_dirs(None) if not os.environ.get(ENV_MODELS_DIR) else []
    if not dirs or list(dirs[:1]) == default[:1]:
        return f"toponorm models download {lang}"
    return f"toponorm models download {lang} --models-dir {dirs[0]}"


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """Everything that identifies one pipeline; equal specs share one loaded pipeline."""

    lang: str
    processors: tuple[str, ...]
    resources_dir: str | None  # a stanza resources directory, or None for a model set
    model_paths: tuple[tuple[str, str], ...] = ()  # (processor, file) for a model set


def _read_resources(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _model_set_file(lang_dir: Path, processor: str) -> Path | None:
    """``LANG/PROC.pt``, or the single (or ``combined``/``default``) .pt file in ``LANG/PROC/``."""
    direct = lang_dir / f"{processor}.pt"
    if direct.is_file():
        return direct
    sub = lang_dir / processor
    if sub.is_dir():
        files = sorted(p for p in sub.glob("*.pt") if p.is_file())
        for preferred in ("combined.pt", "default.pt"):
            if sub / preferred in files:
                return sub / preferred
        if len(files) == 1:
            return files[0]
    return None


def parse_model_paths(items: Iterable[str] | Mapping[str, str] | None) -> dict[str, str]:
    """``["ner=/m/ner.pt", ...]`` (the --model flags) checked into {processor: file}."""
    if not items:
        return {}
    pairs = items.items() if isinstance(items, Mapping) else (i.partition("=")[::2] for i in items)
    out: dict[str, str] = {}
    for proc, path in pairs:
        proc = proc.strip()
        if proc not in PROCESSOR_ORDER:
            raise ToponormError(f"--model {proc}={path}: the processor must be one of {', '.join(PROCESSOR_ORDER)}")
        if not path or not Path(path).expanduser().is_file():
            raise ModelsMissingError(f"--model {proc}={path}: no such model file")
        if not _is_torch_file(Path(path).expanduser()):
            raise ModelsMissingError(f"--model {proc}={path}: not a stanza model (a PyTorch .pt file)")
        out[proc] = str(Path(path).expanduser())
    return out


def _is_torch_file(path: Path) -> bool:
    """Whether ``path`` begins as a file ``torch.save`` writes: a zip archive (since PyTorch 1.6) or a
    pickle (before). Any other file had torch's "Weights only load failed ... weights_only" advice as
    its error, after a stanza log line."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        return False
    return head == b"PK\x03\x04" or head[:1] == b"\x80"


def resolve_pipeline(lang: str, dirs: Sequence[Path], processors: Sequence[str] = QUOTE_PROCESSORS,
                     model_paths: Mapping[str, str] | None = None) -> PipelineSpec:
    """Find the models for ``lang`` in ``dirs``; ModelsMissingError (naming the fix) when absent.

    ``model_paths`` ({processor: file}, already checked by parse_model_paths) win over both layouts.
    """
    lang = stanza_language(lang)
    wanted = [p for p in PROCESSOR_ORDER if p in processors]
    explicit = {p: f for p, f in (model_paths or {}).items() if p in wanted}
    for d in dirs:  # (a download into it would fail too: the hint below had named one)
        if d.exists() and not d.is_dir():
            raise ModelsMissingError(f"{d}: a file, not a folder of stanza models (--models-dir)")
    hint = download_hint(lang, dirs)
    for d in dirs:
        resources = _read_resources(d / "resources.json")
        if resources:  # a stanza resources directory (an empty {} marks a model-set helper dir)
            if lang not in resources:
                continue
            entry = resources[lang]
            if "alias" in entry:
                lang = entry["alias"]
                entry = resources.get(lang, {})
            if not (d / lang).is_dir():  # resources.json lists every language; files are per download
                raise ModelsMissingError(f"no stanza models for '{lang}' in {d}; run `{hint}`")
            available = set(entry.get("default_processors", {})) | set(explicit)
            missing = [p for p in wanted if p not in available and p not in OPTIONAL_PROCESSORS]
            if missing:
                raise ModelsMissingError(
                    f"stanza has no {'/'.join(missing)} model for '{lang}' in {d}: "
                    f"no quote attribution for this language with these models")
            procs = tuple(p for p in wanted if p in available)
            return PipelineSpec(lang, procs, str(d), tuple(sorted(explicit.items())))
    # No stanza resources directory knows the language: try the model-set layout.
    found: dict[str, Path] = {p: Path(f) for p, f in explicit.items()}
    for proc in wanted:
        for d in dirs if proc not in found else ():
            f = _model_set_file(d / lang, proc)
            if f is not None:
                found[proc] = f
                break
    required_missing = [p for p in wanted if p not in found and p not in OPTIONAL_PROCESSORS]
    if "tokenize" not in found:
        where = ", ".join(str(d) for d in dirs)
        if not known_language(lang):  # no download would help: say so instead of naming one
            raise ModelsMissingError(f"--lang {lang!r}: no models in {where}, and stanza knows no such "
                                     "language (use a code like en, uk, ru, de, fr)")
        raise ModelsMissingError(f"no stanza models for '{lang}' in {where}; run `{hint}`")
    if required_missing:
        where = ", ".join(str(d) for d in dirs)
        raise ModelsMissingError(
            f"the '{lang}' models in {where} lack {', '.join(required_missing)}; run `{hint}`")
    procs = tuple(p for p in wanted if p in found)
    return PipelineSpec(lang, procs, None, tuple((p, str(found[p])) for p in procs))


_PIPELINES: dict[PipelineSpec, Any] = {}
_LOCK = threading.Lock()
_EMPTY_RESOURCES: str | None = None


def _empty_resources_dir() -> str:
    """A directory whose resources.json is ``{}``: stanza then loads exactly the model paths given."""
    global _EMPTY_RESOURCES
    if _EMPTY_RESOURCES is None or not Path(_EMPTY_RESOURCES, "resources.json").is_file():
        d = tempfile.mkdtemp(prefix="toponorm-stanza-")
        atexit.register(shutil.rmtree, d, True)
        Path(d, "resources.json").write_text("{}", encoding="utf-8")
        _EMPTY_RESOURCES = d
    return _EMPTY_RESOURCES


def _build(spec: PipelineSpec, use_gpu: bool) -> Any:
    stanza = _stanza()
    kwargs: dict[str, Any] = dict(lang=spec.lang, processors=",".join(spec.processors),
                                  download_method=None, use_gpu=use_gpu, logging_level="ERROR")
    if spec.resources_dir is not None:
        kwargs["dir"] = spec.resources_dir
    else:
        kwargs.update(dir=_empty_resources_dir(), allow_unknown_language=True)
    kwargs.update({f"{proc}_model_path": path for proc, path in spec.model_paths})
    failed = _FailedModel()
    handlers = list(logging.getLogger("stanza").handlers)
    for handler in handlers:
        handler.addFilter(failed)
    try:
        return stanza.Pipeline(**kwargs)
    except (FileNotFoundError, OSError) as exc:
        raise ModelsMissingError(
            f"stanza models for '{spec.lang}' could not be loaded ({_one_line(exc)}); "
            f"run `toponorm models download {spec.lang}`") from None
    except Exception as exc:  # stanza raises plain ValueError/KeyError/RuntimeError for bad models
        which = f"the stanza model {failed.path}" if failed.path else _failing_model(exc, spec)
        raise ModelsMissingError(f"{which} could not be loaded: {type(exc).__name__} {_one_line(exc)} (a "
                                 "damaged file, a model of another processor, or of another stanza "
                                 "version?)") from None
    finally:
        for handler in handlers:
            handler.removeFilter(failed)


_PROCESSOR_FILE = re.compile(r"[/\\]pipeline[/\\](\w+)_processor\.py$")


def _failing_model(exc: BaseException, spec: PipelineSpec) -> str:
    """The model whose processor was being set up when ``exc`` was raised, from stanza's traceback
    (``pipeline/ner_processor.py``: the NER model), where stanza logged no file: a model of another
    processor (a POS model given as ner.pt) fails with a bare KeyError and no log line."""
    paths = dict(spec.model_paths)
    tb = exc.__traceback__
    proc = None
    while tb is not None:
        m = _PROCESSOR_FILE.search(tb.tb_frame.f_code.co_filename)
        if m and m.group(1) in spec.processors:
            proc = m.group(1)  # (the innermost such frame)
        tb = tb.tb_next
    if proc is None:
        return f"stanza models for '{spec.lang}'"
    return f"the stanza model {paths[proc]}" if proc in paths else f"the '{spec.lang}' {proc} model"


class _FailedModel(logging.Filter):
    """Takes stanza's "Cannot load model from FILE" log line (timestamped, on stderr, beside toponorm's
    own one-line error) and keeps the file's name for that error, which had not said which model."""

    path: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Cannot load model from "):
            self.path = message[len("Cannot load model from "):].strip()
            return False
        return True


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def get_pipeline(lang: str = "en", models_dir: Sequence[str | os.PathLike] | str | None = None, *,
                 processors: Sequence[str] = QUOTE_PROCESSORS, use_gpu: bool = False,
                 model_paths: Iterable[str] | Mapping[str, str] | None = None) -> Any:
    """The stanza pipeline for ``lang``, built on first use and reused afterwards (per models and processors).

    ``model_paths``: explicit model files per processor (``{"ner": "/m/ner.pt"}`` or ``["ner=/m/ner.pt"]``).
    """
    require_stanza()
    spec = resolve_pipeline(lang, models_dirs(models_dir), processors, parse_model_paths(model_paths))
    with _LOCK:
        nlp = _PIPELINES.get(spec)
        if nlp is None:
            nlp = _PIPELINES[spec] = _build(spec, use_gpu)
    return nlp


def set_threads(threads: int) -> None:
    """CPU threads for torch: on a busy machine one per core oversubscribes it (1 was ~7x faster)."""
    _stanza()
    import torch  # noqa: PLC0415 - stanza depends on it

    torch.set_num_threads(max(1, threads))


MAX_SENTENCE_WORDS = 200
"""Longest sentence handed to the tagger/parser; longer ones are cut into pieces of this size.

Text without sentence boundaries (tables, lists, junk) makes one huge "sentence", and stanza's
tagger and parser grow much worse than linearly with sentence length: one 2,000-word sentence took
165 s and ~20 GB of memory with the small English models. Real sentences are far shorter.
"""


def _renumber(units: list[tuple[dict, list[dict]]]) -> list[dict]:
    out, i = [], 1
    for tok, words in units:
        if words:
            tok["id"] = (i, i + len(words) - 1)
            out.append(tok)
            for w in words:
                w["id"] = i
                i += 1
                out.append(w)
        else:
            tok["id"] = i
            i += 1
            out.append(tok)
    return out


def split_long_sentences(doc: "stanza.Document", limit: int = MAX_SENTENCE_WORDS) -> "stanza.Document":
    """The tokenized document with every sentence of more than ``limit`` words cut into pieces."""
    if all(len(s.words) <= limit for s in doc.sentences):
        return doc
    from stanza.models.common.doc import Document  # noqa: PLC0415

    sentences: list[list[dict]] = []
    for sent in doc.to_dict():
        units: list[tuple[dict, list[dict]]] = []
        for entry in sent:
            if units and units[-1][1] is not None and isinstance(units[-1][0]["id"], tuple) \
                    and len(units[-1][1]) < units[-1][0]["id"][1] - units[-1][0]["id"][0] + 1:
                units[-1][1].append(entry)  # a word of the multi-word token before it
            else:
                units.append((entry, [] if isinstance(entry["id"], tuple) else None))
        chunk: list[tuple[dict, list[dict]]] = []
        n = 0
        for tok, words in units:
            size = len(words) if words else 1
            if chunk and n + size > limit:
                sentences.append(_renumber(chunk))
                chunk, n = [], 0
            chunk.append((tok, words or []))
            n += size
        if chunk:
            sentences.append(_renumber(chunk))
    return Document(sentences, text=doc.text)


def parse_texts(texts: Sequence[str], nlp: Any) -> list["stanza.Document"]:
    """Parse several texts in one stanza call per step (stanza batches sentences across documents).

    Tokenization runs first so that runaway sentences can be cut (see MAX_SENTENCE_WORDS) before
    the tagger and parser see them.
    """
    stanza = _stanza()
    if not texts:
        return []
    docs = [stanza.Document([], text=t) for t in texts]
    first = [p for p in ("tokenize", "mwt") if p in nlp.processors]
    rest = [p for p in nlp.processors if p not in first]
    docs = nlp.process(docs, processors=first)
    docs = [split_long_sentences(d) for d in docs]
    if rest:
        docs = nlp.process(docs, processors=rest)
    return list(docs)


def stanza_language(lang: str) -> str:
    """``--lang`` as stanza's codes are written: lower case, with a region dropped ("EN" and "en-US"
    are en, "pt_BR" pt), unless stanza knows the code with it ("zh-hans"). "EN" had been the "lang"
    of every output document, and "en-US" no language at all."""
    code = lang.strip().lower().replace("_", "-")
    if not code or not code.replace("-", "").isalnum():
        raise ToponormError(f"--lang {lang!r} is not a language code (e.g. en, uk, ru, de, fr)")
    base = code.partition("-")[0]
    if base != code and not known_language(code) and known_language(base):
        return base
    return code


def known_language(lang: str) -> bool:
    """Whether stanza knows ``lang`` (a code such as uk, or a name such as Ukrainian). Imports stanza:
    only asked on the way to an error or a download."""
    try:
        from stanza.models.common.constant import UnknownLanguageError, lang_to_langcode
    except ImportError:  # no stanza: cannot tell, and that error comes first anyway
        return True
    try:
        lang_to_langcode(lang)
    except UnknownLanguageError:
        return False
    return True


def checked_processors(processors: str) -> str:
    """``--processors`` (``tokenize,mwt,pos``) normalised as stanza reads it, and checked against
    stanza's processor names before any download: a typo must not cost a network round trip."""
    names = [p.strip().lower() for p in processors.split(",") if p.strip()]
    known = _stanza_processors()
    unknown = [p for p in names if p not in known]
    if unknown or not names:
        what = f"stanza has no processor {', '.join(map(repr, unknown))}" if unknown else "names no processor"
        raise ToponormError(f"--processors {processors!r}: {what} (stanza's: {', '.join(sorted(known))})")
    return ",".join(names)


def _stanza_processors() -> frozenset[str]:
    """The processor names stanza knows (tokenize, mwt, pos, lemma, depparse, ner, sentiment, ...)."""
    try:
        from stanza.pipeline.core import NAME_TO_PROCESSOR_CLASS  # noqa: PLC0415
    except ImportError:  # a stanza that moved it: the ones of stanza 1.x
        return frozenset(PROCESSOR_ORDER) | {"sentiment", "constituency", "coref", "langid"}
    return frozenset(NAME_TO_PROCESSOR_CLASS)


def download_models(langs: Iterable[str], models_dir: str | os.PathLike | None = None, *,
                    processors: str | None = None, quiet: bool = False) -> Path:
    """Download stanza's default models for each language (stanza shows its own progress bars)."""
    stanza = _stanza()
    target = models_dirs(models_dir)[0]
    level = "ERROR" if quiet else "INFO"
    langs = list(langs)
    unknown = [lang for lang in langs if not known_language(lang)]
    if unknown:  # before any download: a typo must not cost a network round trip or half a run
        raise ToponormError(f"stanza knows no language {', '.join(map(repr, unknown))} "
                            "(use codes like en, uk, ru, de, fr)")
    if processors:
        processors = checked_processors(processors)
    if target.exists() and not target.is_dir():  # (stanza's makedirs had said "[Errno 17] File exists")
        raise ToponormError(f"--models-dir {target}: not a directory")
    for lang in langs:
        kwargs: dict[str, Any] = dict(model_dir=str(target), logging_level=level)
        if processors:
            kwargs["processors"] = processors
        try:
            stanza.download(lang, **kwargs)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # requests' ConnectionError, stanza's UnknownLanguageError, OSError...
            raise ModelsMissingError(
                f"could not download stanza models for '{lang}' into {target}: {_one_line(exc)}"
            ) from None
    return target
