"""The ``gazetteer info`` report: what a gazetteer holds, where it came from, under which licences."""
from __future__ import annotations

import json
import os
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer.model import NameFlag
from gazetteer.store import GazetteerStore


def gazetteer_info(path: str | Path, *, top_languages: int = 20) -> dict:
    """A JSON-ready summary of one gazetteer file (opened read-only, any key version)."""
    if not Path(path).exists():
        raise GazetteerError(f"{path}: no gazetteer file here; build one with `toponorm gazetteer build`")
    with GazetteerStore(path) as store:
        q = store.execute
        by_class = dict(q("SELECT IFNULL(feature_class, ''), COUNT(*) FROM places "
                          "GROUP BY 1 ORDER BY 2 DESC").fetchall())
        langs = q("SELECT IFNULL(lang, '(unknown)'), COUNT(*) FROM names GROUP BY 1 ORDER BY 2 DESC "
                  "LIMIT ?", (top_languages,)).fetchall()
        flag_sums = ", ".join(f"SUM((flags & {int(f)}) != 0)" for f in NameFlag if f)
        flag_counts = q(f"SELECT {flag_sums} FROM names").fetchone()
        return {
            "path": str(Path(path).resolve()),
            "size_bytes": os.path.getsize(path),
            "schema_version": store.meta.get("schema_version"),
            "key_version": store.meta.get("key_version"),
            "built_at": store.meta.get("built_at"),
            "kind": store.meta.get("kind", ""),
            "sources": store.sources(),
            "places": sum(by_class.values()),
            "places_by_feature_class": by_class,
            "countries": q("SELECT COUNT(DISTINCT country) FROM places WHERE country IS NOT NULL "
                           "AND country != ''").fetchone()[0],
            "names": q("SELECT COUNT(*) FROM names").fetchone()[0],
            "languages": q("SELECT COUNT(DISTINCT lang) FROM names").fetchone()[0],
            "names_by_language": dict(langs),
            "names_by_flag": {f.name.lower(): int(n or 0) for f, n in
                              zip([f for f in NameFlag if f], flag_counts)},
            "keys": q("SELECT COUNT(*) FROM keys").fetchone()[0],
            "licence_notices": [s["attribution"] for s in store.sources() if s.get("attribution")],
        }


def render_info(info: dict, *, as_json: bool = False) -> str:
    """Text for people, or JSON for scripts."""
    if as_json:
        return json.dumps(info, ensure_ascii=False, indent=2)
    out = [f"gazetteer: {info['path']} ({info['size_bytes'] / 1e6:.1f} MB)",
           f"schema version {info['schema_version']}, key version {info['key_version']}, "
           f"built {info['built_at']}" + (f" ({info['kind']})" if info["kind"] else ""),
           "", "sources:"]
    for s in info["sources"]:
        out.append(f"  {s['name']}: {s.get('version') or ''} {s.get('date') or ''}; licence "
                   f"{s.get('licence') or '?'}; {s.get('places', 0)} places, {s.get('names', 0)} names"
                   + (f"; {s['url']}" if s.get("url") else ""))
    out += ["", f"places: {info['places']} in {info['countries']} countries"]
    out += [f"  feature class {k or '?'}: {v}" for k, v in info["places_by_feature_class"].items()]
    out += ["", f"names: {info['names']} in {info['languages']} languages; index keys: {info['keys']}",
            "  by language (top):"]
    out += [f"    {k}: {v}" for k, v in info["names_by_language"].items()]
    out += ["  by flag:"] + [f"    {k}: {v}" for k, v in info["names_by_flag"].items()]
    out += ["", "licence notices:"] + [f"  {n}" for n in info["licence_notices"]]
    return "\n".join(out)
