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
