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
