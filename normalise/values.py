"""How the API reads the values users hand it from a pandas or pyarrow column.

Why its own module: the matcher (hints) and the column job (cells) both take values straight from
such columns, where an empty cell is NaN, ``pd.NA`` or ``NaT``, not None; one test for it, imported
by both without pulling in either.
"""
from __future__ import annotations

_MISSING_TYPES = ("NAType", "NaTType")  # pandas' pd.NA and NaT, named: pandas is no dependency
_NUMPY_TIMES = ("datetime64", "timedelta64")  # numpy's, whose NaT is not pandas' NaT


def is_missing(value: object) -> bool:
    """Whether ``value`` is an empty cell as pandas, numpy or Parquet write one: None, a float NaN
    (numpy's too), ``pd.NA``, ``NaT`` or numpy's ``NaT``."""
    return value is None or (isinstance(value, float) and value != value) \
        or type(value).__name__ in _MISSING_TYPES \
        or type(value).__name__ in _NUMPY_TIMES and value != value


MISSING_MARKERS = frozenset({
    "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",
    "NA", "NULL", "NaN", "None", "n/a", "nan", "null",  # pandas.read_csv's default na_values
    "NaT", "none"})  # pandas' missing date, and what people write for "no place"
"""Cell texts that tables write for a missing value. Why: a column exported from pandas or Python
carries "nan" and "None" where a cell was empty, and each is also a place's name (Nan, Thailand;
None, Piedmont; "NA" is Namibia's code, "NaT" an alias of Natal): a million-row column had
answered its empty cells with a Thai province at 0.89. Case matters, as it does to pandas ("Nan"
is the province)."""


def is_missing_marker(value: object) -> bool:
    """Whether ``value`` is text that writes a missing value (``MISSING_MARKERS``), blanks around it."""
    return isinstance(value, str) and value.strip() in MISSING_MARKERS


def is_missing_hint(value: object) -> bool:
    """Whether a hint cell (a country's, a region's) writes a missing value: a marker other than "NA",
    which in such a column is Namibia's code or a province's (Napoli's), as a code column means it."""
    return is_missing_marker(value) and value.strip() != "NA"  # type: ignore[union-attr]
