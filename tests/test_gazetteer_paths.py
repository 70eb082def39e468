"""Where the default gazetteer lives, and how the environment overrides it."""
from __future__ import annotations

from pathlib import Path

from gazetteer.paths import DEFAULT_CONTENT_VERSION, default_gazetteer_path
from gazetteer.store import SCHEMA_VERSION


def test_cache_dir_and_versions_in_name(monkeypatch, tmp_path):
    monkeypatch.delenv("TOPONORM_GAZETTEER", raising=False)
    monkeypatch.setenv("TOPONORM_CACHE_DIR", str(tmp_path))
    path = default_gazetteer_path("7")
    assert path.parent == tmp_path
    assert f"s{SCHEMA_VERSION}" in path.name and "k7" in path.name
    assert path.name.endswith(f"-d{DEFAULT_CONTENT_VERSION}.sqlite")  # a fixed builder's new file
    assert default_gazetteer_path("8") != path


def test_file_override_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("TOPONORM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TOPONORM_GAZETTEER", str(tmp_path / "mine.sqlite"))
    assert default_gazetteer_path("1") == tmp_path / "mine.sqlite"


def test_platform_cache_by_default(monkeypatch):
    monkeypatch.delenv("TOPONORM_GAZETTEER", raising=False)
    monkeypatch.delenv("TOPONORM_CACHE_DIR", raising=False)
    assert "toponorm" in Path(default_gazetteer_path("1")).parts


def test_first_use_builds_the_default_and_names_older_ones(monkeypatch, tmp_path, capsys):
    """The default is built on first use; files an older toponorm built beside it are named (a
    user may want the space back), not deleted (another install may still read them)."""
    import functools

    import gazetteer.default
    from normalise.gazetteer_access import open_gazetteer

    monkeypatch.delenv("TOPONORM_GAZETTEER", raising=False)
    monkeypatch.setenv("TOPONORM_CACHE_DIR", str(tmp_path))
    (tmp_path / "gazetteer-s2-k3.sqlite").write_bytes(b"an older default")
    monkeypatch.setattr(gazetteer.default, "build_default",  # a small default: Andorra only
                        functools.partial(gazetteer.default.build_default, countries=["AD"]))
    store = open_gazetteer(progress=True)
    assert store.path.name.startswith(f"gazetteer-s{SCHEMA_VERSION}") and store.path.is_file()
    assert any(h.place.country == "AD" for h in store.lookup("f", "andorra la vella", 5))
    err = capsys.readouterr().err
    assert "building the default gazetteer" in err
    assert f"can be deleted from {tmp_path}: gazetteer-s2-k3.sqlite" in err
    assert (tmp_path / "gazetteer-s2-k3.sqlite").exists()


def test_a_gazetteer_named_in_the_environment_must_be_there(monkeypatch, tmp_path):
    """As --gazetteer: a misspelt TOPONORM_GAZETTEER had quietly built a 200 MB default at that path
    (creating its folder) and answered from it. `gazetteer build` still builds the default there."""
    import pytest

    import gazetteer.default
    from gazetteer.errors import GazetteerError
    from gazetteer.paths import build_output_path
    from normalise.gazetteer_access import open_gazetteer
    from normalise.keys import KEY_VERSION

    def never(*args, **kwargs):
        raise AssertionError("built a default")

    monkeypatch.setattr(gazetteer.default, "build_default", never)
    missing = tmp_path / "typo" / "mine.sqlite"
    monkeypatch.setenv("TOPONORM_GAZETTEER", str(missing))
    with pytest.raises(GazetteerError, match=r"TOPONORM_GAZETTEER=.*mine.sqlite: no gazetteer file here"):
        open_gazetteer(progress=False)
    assert not missing.parent.exists()
    assert build_output_path(None, KEY_VERSION) == missing
