"""`toponorm gazetteer build/info/add` run as a user runs them (subprocess), bad input included."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gazetteer_helpers import make_dump, spoil_page, ua_default  # noqa: F401 - session fixture

TOPONORM = [sys.executable, "-c", "import cli; cli.main()"]
"""This checkout's command line, as the other CLI tests run it (the installed ``toponorm`` script runs
whichever checkout the environment was installed from, which need not be this one)."""


def run(*args: str, env_cache: Path | None = None) -> subprocess.CompletedProcess:
    import os
    env = dict(os.environ)
    if env_cache:
        env["TOPONORM_CACHE_DIR"] = str(env_cache)
        env.pop("TOPONORM_GAZETTEER", None)
    return subprocess.run(TOPONORM + list(args), capture_output=True, text=True, env=env, timeout=120)


def one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("toponorm: error: "), proc.stderr
    for n in needles:
        assert n in lines[0], lines[0]


def test_build_info_add(tmp_path):
    dump = make_dump(tmp_path / "dump")
    out = tmp_path / "g.sqlite"
    proc = run("gazetteer", "build", "--geonames", str(dump), "--countries", "UA", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "places" in proc.stderr and "pseudo-language" in proc.stderr
    info = json.loads(run("gazetteer", "info", "--gazetteer", str(out), "--json").stdout)
    assert info["places_by_feature_class"] == {"P": 6, "A": 1}
    assert info["names_by_flag"]["historic"] >= 4 and info["countries"] == 1
    assert info["sources"][0]["licence"] == "CC BY 4.0" and info["licence_notices"]
    text = run("gazetteer", "info", "--gazetteer", str(out)).stdout
    assert "CC BY 4.0" in text and "schema version" in text and "feature class P: 6" in text
    tsv = tmp_path / "ours.tsv"
    tsv.write_text("id\tname\tlang\nacme-1\tAcme Town\ten\n", encoding="utf-8")
    proc = run("gazetteer", "add", str(tsv), "--gazetteer", str(out))
    assert proc.returncode == 0 and "1 new place," in proc.stderr
    info = json.loads(run("gazetteer", "info", "--gazetteer", str(out), "--json").stdout)
    assert info["places"] == 8 and any(s["name"] == "custom" for s in info["sources"])


def test_default_build_into_cache_dir(tmp_path):
    proc = run("gazetteer", "build", "--countries", "MC", "--quiet", env_cache=tmp_path)
    assert proc.returncode == 0, proc.stderr
    built = list(tmp_path.glob("gazetteer-*.sqlite"))
    assert len(built) == 1
    info = json.loads(run("gazetteer", "info", "--json", env_cache=tmp_path).stdout)
    assert info["kind"] == "default" and info["countries"] == 1


def test_info_on_the_ua_default(ua_default):  # noqa: F811
    info = json.loads(run("gazetteer", "info", "--gazetteer", str(ua_default), "--json").stdout)
    assert {s["name"] for s in info["sources"]} == {"geonames", "geonames-admin1", "cldr", "cldr-cities",
                                                    "iso-codes", "toponorm-renames", "toponorm-regions",
                                                    "un-m49"}
    assert info["names_by_language"]["uk"] > 100


@pytest.mark.parametrize("case", ["corrupt zip", "missing dir", "unknown country", "wrong columns",
                                  "wrong encoding", "negative population", "unknown feature class"])
def test_build_errors(tmp_path, case):
    dump = make_dump(tmp_path / "dump")
    out = tmp_path / "out.sqlite"
    args = ["gazetteer", "build", "--geonames", str(dump), "-o", str(out)]
    if case == "corrupt zip":
        (dump / "alternateNamesV2.zip").write_bytes(b"PK\x03\x04 not really a zip")
        needles = ["alternateNamesV2.zip", "corrupt"]
    elif case == "missing dir":
        args[3] = str(tmp_path / "nowhere")
        needles = ["nowhere", "no such file"]
    elif case == "unknown country":
        args += ["--countries", "UA,QQ"]
        needles = ["QQ"]
    elif case == "negative population":
        args += ["--min-population", "-1"]
        needles = ["--min-population -1: a population cannot be negative"]
    elif case == "unknown feature class":
        args += ["--feature-classes", "P,Q,zz"]
        needles = ["--feature-classes: unknown feature class(es) Q, ZZ",
                   "(GeoNames' are A, H, L, P, R, S, T, U, V)"]
    elif case == "wrong columns":
        (dump / "allCountries.zip").unlink()
        with zipfile.ZipFile(dump / "cities500.zip", "w") as zf:
            zf.writestr("cities500.txt", "1\tx\t2\n")
        needles = ["cities500.zip:1", "expected 19"]
    else:
        text = "1\t704422\tru\tКрасноармейск\t\t\t\t1\t\t2016\n" * 40
        with zipfile.ZipFile(dump / "alternateNamesV2.zip", "w") as zf:
            zf.writestr("alternateNamesV2.txt", text.encode("cp1251"))
        needles = ["alternateNamesV2.zip:", "not UTF-8"]
    one_line_error(run(*args), *needles)
    assert not out.exists()
    assert not list(tmp_path.glob(".out.sqlite.*"))


def test_info_errors(tmp_path, ua_default):  # noqa: F811
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    one_line_error(run("gazetteer", "info", "--gazetteer", str(junk)), "junk.sqlite", "not a toponorm gazetteer")
    old = tmp_path / "old.sqlite"
    old.write_bytes(ua_default.read_bytes())
    db = sqlite3.connect(old)
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    one_line_error(run("gazetteer", "info", "--gazetteer", str(old)), "old.sqlite", "schema version 1")
    one_line_error(run("gazetteer", "add", str(tmp_path / "none.tsv"), "--gazetteer", str(old)), "none.tsv")


def _meta_only(path: Path) -> None:
    """Drop every table but meta: the file still opens and has the right versions."""
    with sqlite3.connect(path) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            if table not in ("meta", "sqlite_stat1"):
                db.execute(f"DROP TABLE {table}")
    db.close()


@pytest.fixture()
def tiny(tmp_path) -> Path:
    """A gazetteer of the fixture dump's seven places (~1 s to build)."""
    out = tmp_path / "g.sqlite"
    proc = run("gazetteer", "build", "--geonames", str(make_dump(tmp_path / "dump")), "-o", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("damage, needles", [
    ("meta only", ["not a complete toponorm gazetteer (no tables sources, places, names, keys); rebuild it"]),
    ("corrupt keys", ["the gazetteer file is corrupt (database disk image is malformed); rebuild it"]),
])
def test_incomplete_or_corrupt_gazetteer_is_a_one_line_error_and_add_changes_nothing(tmp_path, tiny, damage,
                                                                                    needles):
    gaz = tiny
    _meta_only(gaz) if damage == "meta only" else spoil_page(gaz, "keys")
    before = gaz.read_bytes()
    table = tmp_path / "t.csv"
    table.write_text("city\nKyiv\n", encoding="utf-8")
    tsv = tmp_path / "ours.tsv"
    tsv.write_text("id\tname\nacme-1\tAcme Town\n", encoding="utf-8")
    for args in (["place", "--gazetteer", str(gaz), "Kyiv"], ["table", str(table), "-c", "city", "-q",
                 "--gazetteer", str(gaz)], ["gazetteer", "info", "--gazetteer", str(gaz)],
                 ["gazetteer", "add", str(tsv), "--gazetteer", str(gaz)]):
        one_line_error(run(*args), f"{gaz}: ", *needles)
    assert gaz.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump", "g.sqlite", "ours.tsv", "t.csv"]


def test_add_of_a_directory_or_a_huge_field_is_a_one_line_error(tmp_path, tiny):
    before = tiny.read_bytes()
    one_line_error(run("gazetteer", "add", str(tmp_path), "--gazetteer", str(tiny)),
                   f"{tmp_path}: is a directory, not a names file")
    big = tmp_path / "BIG.tsv"
    big.write_text("id\tname\nacme-1\t" + "a" * 10_000_000 + "\n", encoding="utf-8")
    one_line_error(run("gazetteer", "add", str(big), "--gazetteer", str(tiny)),
                   "BIG.tsv:2: a field of 10,000,000 characters is too long for a name (at most 300)")
    assert tiny.read_bytes() == before


@pytest.mark.parametrize("args, needle", [
    (["--min-population", "-1"], "--min-population -1: a population cannot be negative"),
    (["-o", ""], "-o: an empty path"),  # had silently rebuilt the default gazetteer
    (["-o", "{folder}"], "{folder}: is a directory"),  # had failed after the whole build
    (["--countries", ""], "--countries '': no codes given"),  # had built every country
    (["--countries", " , "], "--countries ' , ': no codes given"),
])
def test_default_build_refuses_a_negative_population_an_empty_output_and_a_directory(tmp_path, args, needle):
    cache, folder = tmp_path / "cache", tmp_path / "folder"
    folder.mkdir()
    args = [a.format(folder=folder) for a in args]
    proc = run("gazetteer", "build", "--countries", "MC", "-q", *args, env_cache=cache)
    one_line_error(proc, needle.format(folder=folder))
    assert not cache.exists() or not list(cache.iterdir())
    assert not list(folder.iterdir())


def test_an_empty_gazetteer_path_is_an_error_in_every_command(tmp_path):
    """"--gazetteer ''" was the current folder in place, table and add (".: no gazetteer file here",
    ".: is a directory") and the default gazetteer in info."""
    table = tmp_path / "t.csv"
    table.write_text("city\nKyiv\n", encoding="utf-8")
    tsv = tmp_path / "ours.tsv"
    tsv.write_text("id\tname\nacme-1\tAcme Town\n", encoding="utf-8")
    for args in (["place", "Kyiv"], ["table", str(table), "-c", "city", "-q"], ["gazetteer", "info"],
                 ["gazetteer", "add", str(tsv)]):
        one_line_error(run(*args, "--gazetteer", "", env_cache=tmp_path / "cache"),
                       "the gazetteer path is empty (leave --gazetteer out for the default)")


def test_an_empty_geonames_or_names_file_path_is_an_error(tmp_path, tiny):
    """Path("") is the current folder: "--geonames ''" had built from the folder the user was in,
    and "gazetteer add ''" said ".: is a directory, not a names file"."""
    before = tiny.read_bytes()
    one_line_error(run("gazetteer", "build", "--geonames", "", "-o", str(tmp_path / "new.sqlite"), "-q"),
                   "the --geonames path is empty")
    one_line_error(run("gazetteer", "add", "", "--gazetteer", str(tiny)), "the names file's path is empty")
    assert not (tmp_path / "new.sqlite").exists() and tiny.read_bytes() == before


def test_a_path_ending_in_a_slash_names_a_folder_in_every_gazetteer_command(tmp_path, tiny):
    """Path drops a trailing slash: "-o new.sqlite/" had written new.sqlite, "--gazetteer g.sqlite/"
    had been read in place and add (info said "[Errno 20] Not a directory"), "add z.tsv/" read z.tsv."""
    before = tiny.read_bytes()
    tsv = tmp_path / "ours.tsv"
    tsv.write_text("id\tname\nacme-1\tAcme Town\n", encoding="utf-8")
    dump, new = str(tmp_path / "dump"), str(tmp_path / "new.sqlite") + "/"
    for args, named in [(["gazetteer", "build", "--geonames", dump, "-o", new, "-q"], new),
                        (["gazetteer", "info", "--gazetteer", f"{tiny}/"], f"{tiny}/"),
                        (["place", "Kyiv", "--gazetteer", f"{tiny}/"], f"{tiny}/"),
                        (["gazetteer", "add", str(tsv), "--gazetteer", f"{tiny}/"], f"{tiny}/"),
                        (["gazetteer", "add", f"{tsv}/", "--gazetteer", str(tiny)], f"{tsv}/")]:
        one_line_error(run(*args), f"{named}: a folder name (it ends with /); name a file")
    assert not (tmp_path / "new.sqlite").exists() and tiny.read_bytes() == before


def test_add_help_says_comment_lines_are_skipped(tmp_path, tiny):
    """Lines starting with # are comments: they had been skipped without a word in the help or docs."""
    assert "lines starting with # are skipped" in " ".join(run("gazetteer", "add", "--help").stdout.split())
    tsv = tmp_path / "ours.tsv"
    tsv.write_text("id\tname\n# acme-1\tNot a place\n\nacme-2\tAcme Town\n", encoding="utf-8")
    proc = run("gazetteer", "add", str(tsv), "--gazetteer", str(tiny))
    assert "merged 1 row into" in proc.stderr and "1 new place," in proc.stderr


def test_feature_classes_without_geonames_names_the_classes_the_default_holds(ua_default):  # noqa: F811
    """It had said "the default has P and A only"; the default holds regions and continents (L) too."""
    from gazetteer.default import FEATURE_CLASSES
    from gazetteer.store import GazetteerStore

    one_line_error(run("gazetteer", "build", "--feature-classes", "P"), "the default holds only A: countries "
                   "and subdivisions; P: cities and towns; L: regions and continents")
    with GazetteerStore(ua_default) as s:
        held = {c for (c,) in s.execute("SELECT DISTINCT feature_class FROM places")}
    assert held == set(FEATURE_CLASSES)


def test_add_through_a_link_keeps_the_link_and_the_files_permissions(tmp_path, tiny):
    """A symbolic link had become a file of its own (the gazetteer it named never got the names),
    and a 600 gazetteer became 644."""
    import os
    import stat

    tiny.chmod(0o600)
    link = tmp_path / "link.sqlite"
    link.symlink_to(tiny.name)
    tsv = tmp_path / "ours.tsv"
    tsv.write_text("id\tname\tcountry\nacme-1\tAlphaplace\tUA\n", encoding="utf-8")
    assert run("gazetteer", "add", str(tsv), "--gazetteer", str(link)).returncode == 0
    assert link.is_symlink() and os.readlink(link) == tiny.name
    assert stat.S_IMODE(tiny.stat().st_mode) == 0o600
    assert "custom:acme-1" in run("place", "Alphaplace", "--gazetteer", str(tiny)).stdout


def test_an_add_waits_for_another_writer_of_the_same_file(tmp_path, tiny):
    """Two `gazetteer add` runs on one file had each copied it, and the last to finish had dropped
    the other's places. A writer holds the file's lock from before it reads it until it replaces it;
    another waits, then extends the file the first one left."""
    import fcntl
    import os

    one, two = tmp_path / "one.tsv", tmp_path / "two.tsv"
    one.write_text("id\tname\tcountry\nacme-1\tAlphaplace\tUA\n", encoding="utf-8")
    two.write_text("id\tname\tcountry\nacme-2\tBetaplace\tUA\n", encoding="utf-8")
    other = tmp_path / "other.sqlite"  # what a first writer leaves: the file with two.tsv in it
    other.write_bytes(tiny.read_bytes())
    assert run("gazetteer", "add", str(two), "--gazetteer", str(other)).returncode == 0
    with open(tiny, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # the first writer, at work
        waiting = subprocess.Popen(TOPONORM + ["gazetteer", "add", str(one), "--gazetteer", str(tiny)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            waiting.wait(timeout=3)
        except subprocess.TimeoutExpired:
            pass
        assert waiting.poll() is None  # it waits
        os.replace(other, tiny)  # the first writer's result, then its lock goes
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    found = run("place", "Alphaplace", "Betaplace", "--gazetteer", str(tiny)).stdout
    assert "custom:acme-1" in found and "custom:acme-2" in found


def test_a_file_where_a_folder_is_wanted_says_so(tmp_path):
    """A cache folder, or -o's folder, that is a file had been "cannot write here (File exists)"."""
    junk = tmp_path / "junk"
    junk.write_text("not a folder")
    one_line_error(run("place", "Kyiv", env_cache=junk),
                   f"{junk}: {junk} is a file, not a directory for the default gazetteer")
    one_line_error(run("gazetteer", "build", "--countries", "MC", "-q", "-o", str(junk / "g.sqlite")),
                   f"{junk / 'g.sqlite'}: {junk} is a file, not a directory")
    assert junk.read_text() == "not a folder"


def test_version_and_a_negative_top(tmp_path):
    """There was no --version; `gazetteer info --top -5` listed every language."""
    from importlib.metadata import version

    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout == f"toponorm {version('toponorm')}\n"
    proc = run("gazetteer", "info", "--top", "-5")
    assert proc.returncode == 2 and "Invalid value for '--top'" in proc.stderr
    assert "Traceback" not in proc.stderr
