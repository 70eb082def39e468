"""The data side of toponorm: the place/name model, the SQLite store and the importers.

Nothing here imports from ``normalise``: the normalisation keys that index the store are
passed in by the caller (see ``GazetteerWriter``), so data flows one way: cli -> normalise -> gazetteer.
"""
from gazetteer.errors import GazetteerError
from gazetteer.model import NameFlag, Place, PlaceName

__all__ = ["GazetteerError", "NameFlag", "Place", "PlaceName"]
