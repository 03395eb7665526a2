"""geomention: find the countries and world regions texts mention, count
them, and map them (GeoJSON with a QGIS style, PNG/SVG choropleths).

The same Rust code as the ``geomention`` command line, compiled into this
package::

    >>> import geomention
    >>> geomention.count("Scam compounds in Myanmar hold Kenyan and Filipino workers.")
    {'KEN': 1, 'MMR': 1, 'PHL': 1}
    >>> [m.iso_a3 for m in geomention.find("Burma, then Cambodia.")]
    ['MMR', 'KHM']

Functions release the GIL while they scan, and ``count_many`` and
``Tally.from_texts`` use every core (``threads=`` to limit them). Tallies
merge (``+``, ``sum``) and pickle, so Spark executors or Dask workers count
their part of a corpus and the driver adds the parts up and calls
``write_maps``.
"""

from __future__ import annotations

from . import errors
from ._geomention import (
    Country,
    Mention,
    Region,
    Tally,
    __version__,
    count,
    count_many,
    find,
    lookup,
    regions,
    write_maps,
)
from .errors import (
    GeomentionError,
    GeomentionFileNotFoundError,
    GeomentionOSError,
    GeomentionPermissionError,
    InvalidArgumentError,
    ParseError,
    RenderError,
    UnknownCountryError,
    UnknownRegionError,
)

__all__ = [
    "Country",
    "Mention",
    "Region",
    "Tally",
    "__version__",
    "count",
    "count_many",
    "errors",
    "find",
    "lookup",
    "regions",
    "write_maps",
    "GeomentionError",
    "GeomentionFileNotFoundError",
    "GeomentionOSError",
    "GeomentionPermissionError",
    "InvalidArgumentError",
    "ParseError",
    "RenderError",
    "UnknownCountryError",
    "UnknownRegionError",
]
