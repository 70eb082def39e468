"""The regions tables (gazetteer/data/regions.csv and m49.csv): checked when loaded."""
from __future__ import annotations

import pytest

from gazetteer.errors import GazetteerError
from gazetteer.regions import cldr_region_names, load_regions

HEADER = "id,members,names,source\n"
M49 = "code,members\n151,UA PL\n"


def _tables(tmp_path, regions: str, m49: str = M49):
    (tmp_path / "r.csv").write_text(regions, encoding="utf-8")
    (tmp_path / "m.csv").write_text(m49, encoding="utf-8")
    return load_regions(tmp_path / "r.csv", tmp_path / "m.csv")


def test_the_shipped_tables_load_and_name_real_members():
    import pycountry

    regions = load_regions()
    assert {"toponorm:donbas", "toponorm:siberia", "un-m49:151"} <= {r.id for r in regions}
    for r in regions:
        for m in r.members:
            assert "-" not in m or pycountry.subdivisions.get(code=m) is not None, (r.id, m)
        assert r.from_cldr or r.names[0][0] == "en"


@pytest.mark.parametrize("row, message", [
    ("toponorm:x,UA-14,en:X,src\ntoponorm:x,UA-09,en:Y,src\n", "listed twice"),
    ("toponorm:x,Ukraine,en:X,src\n", "no ISO 3166-1 or 3166-2 code"),
    ("toponorm:x,UA-14,uk:Х;en:X,src\n", "must be the English one"),
    ("toponorm:x,UA-14,en X,src\n", "lang:text"),
    ("x,UA-14,en:X,src\n", "starts with 'toponorm:'"),
    ("toponorm:x,UA-14,en:X,\n", "non-empty columns"),
])
def test_a_bad_row_is_an_error_naming_its_line(tmp_path, row, message):
    with pytest.raises(GazetteerError, match=message):
        _tables(tmp_path, HEADER + row)


def test_cldr_names_in_official_languages_never_another_territorys():
    """Russian "Микронезия" names the country FM too: left out, or the region would make it
    ambiguous. A small language's name is left out too."""
    locales = [("ru", {"057": "Микронезия", "FM": "Микронезия",
                       "151": "Восточная Европа"}),
               ("en", {"057": "Micronesian Region", "FM": "Micronesia", "151": "Eastern Europe"}),
               ("agq", {"151": "Osteuropa-agq"})]
    assert cldr_region_names("057", locales, frozenset({"en", "ru"})) == [("en", "Micronesian Region")]
    assert cldr_region_names("151", locales, frozenset({"en", "ru"})) == \
        [("en", "Eastern Europe"), ("ru", "Восточная Европа")]
