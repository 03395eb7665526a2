"""Type stubs for geomention (the compiled module geomention._geomention)."""

from __future__ import annotations

import datetime
import os
from typing import Any, Iterable, Literal, Mapping, Optional, Sequence, Union

from . import errors as errors
from .errors import (
    GeomentionError as GeomentionError,
    GeomentionFileNotFoundError as GeomentionFileNotFoundError,
    GeomentionOSError as GeomentionOSError,
    GeomentionPermissionError as GeomentionPermissionError,
    InvalidArgumentError as InvalidArgumentError,
    ParseError as ParseError,
    RenderError as RenderError,
    UnknownCountryError as UnknownCountryError,
    UnknownRegionError as UnknownRegionError,
)

__version__: str

#: What ``texts`` may be: a list (or any iterable) of ``str``, with ``None``
#: for a missing text; a pandas or Polars Series; a pyarrow Array or
#: ChunkedArray of strings (read in place, without a ``str`` per row).
Texts = Union[Iterable[Optional[str]], Any]

class Mention:
    """One mention found in a text.

    ``start`` and ``end`` are character offsets into the ``str`` given to
    :func:`find` (so ``text[m.start:m.end] == m.text``), not the byte
    offsets the command line prints.
    """

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str:
        """The text as written ("Burmese")."""
    @property
    def kind(self) -> Literal["name", "alias", "demonym", "region"]: ...
    @property
    def iso_a3(self) -> Optional[str]:
        """The country's ISO 3166-1 alpha-3 code; ``None`` for a region phrase."""
    @property
    def region(self) -> Optional[str]:
        """The region id for a region phrase ("southeast-asia"), else ``None``."""
    @property
    def name(self) -> str:
        """The country's or region's name ("Myanmar")."""
    def to_dict(self) -> dict[str, Any]:
        """The mention as a dict (for ``pandas.DataFrame``)."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class Country:
    """A country of the gazetteer, as :func:`lookup` returns it."""

    @property
    def iso_a3(self) -> str: ...
    @property
    def iso_a2(self) -> Optional[str]: ...
    @property
    def iso_n3(self) -> Optional[str]: ...
    @property
    def name(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class Region:
    """A bundled region (see :func:`regions`)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def members(self) -> list[str]:
        """Member countries' ISO alpha-3 codes."""
    @property
    def phrases(self) -> list[str]:
        """Phrases that name the region in a text ("Southeast Asia")."""

class Tally:
    """Mention totals over a corpus: per country, per region phrase, and
    documents per region.

    Tallies merge (``a + b``, ``a += b``, ``sum(tallies)``, ``a.merge(b)``)
    and pickle (as the JSON of :meth:`to_json`: countries by ISO code), so
    that Spark executors or Dask workers each count a part of a corpus and
    the driver adds the parts up and calls :func:`write_maps`.
    """

    def __init__(self) -> None:
        """An empty tally (of the bundled regions)."""
    @staticmethod
    def from_texts(
        texts: Texts,
        threads: Optional[int] = None,
        *,
        dates: Optional[Iterable[Union[str, datetime.date, None]]] = None,
        by: Optional[str] = None,
    ) -> Tally:
        """Counts texts into one tally, in parallel with the GIL released.

        ``texts`` is what :func:`count_many` takes. A missing text (``None``)
        is not a document; an empty string is a document with no mentions.

        ``dates``: one per text (a str in any form the command line reads, a
        ``datetime.date``/``datetime``, a pandas ``Timestamp``, or ``None``;
        a list or an Arrow/pandas/Polars column). With ``by`` ("year",
        "quarter" or "month") the tally also counts per period, and
        :func:`write_maps` draws the maps over time.
        """
    @staticmethod
    def from_counts(counts: Iterable[Optional[Mapping[str, int]]]) -> Tally:
        """A tally of documents given by their counts: one mapping per
        document, as :func:`count_many` returns them, keyed by ISO code (or
        any name :func:`lookup` knows) and region id. ``None`` items are
        skipped.

        Raises ``TypeError`` for a single mapping (wrap it in a list),
        :class:`UnknownCountryError` for an unknown key, ``ValueError`` for a
        count that is not a whole number from 0 to 2**32-1.
        """
    @staticmethod
    def from_json(json: str) -> Tally:
        """Reads a tally written by :meth:`to_json`; raises
        :class:`InvalidArgumentError` for anything else."""
    def to_json(self) -> str:
        """The tally as JSON text; the same tally gives the same text."""
    def merge(self, other: Tally) -> None:
        """Adds another tally's counts to this one (in place)."""
    def __add__(self, other: Tally) -> Tally: ...
    def __radd__(self, other: Union[Tally, Literal[0]]) -> Tally: ...
    def __iadd__(self, other: Tally) -> Tally: ...
    def __eq__(self, other: object) -> bool: ...
    @property
    def documents(self) -> int:
        """Number of documents counted."""
    @property
    def countries(self) -> dict[str, dict[str, int]]:
        """Per country (ISO code): ``{"mentions": n, "documents": d}``."""
    @property
    def regions(self) -> dict[str, dict[str, int]]:
        """Per region phrase (region id): ``{"mentions": n, "documents": d}``."""
    @property
    def region_documents(self) -> dict[str, int]:
        """Per region (id, in region order): documents that mention the
        region or one of its members."""

def find(text: str) -> list[Mention]:
    """Every mention of a country or region in ``text``, in order.

    Offsets are character offsets into ``text``. Lone surrogates (which
    UTF-8 cannot hold) are read as "?", one character each.
    """

def count(text: str, *, regions: bool = True) -> dict[str, int]:
    """Mentions per country (ISO alpha-3 code, upper case) and, unless
    ``regions=False``, per region phrase (region id, lower case: "pacific"),
    in one text."""

def count_many(
    texts: Texts, threads: Optional[int] = None, *, regions: bool = True
) -> list[Optional[dict[str, int]]]:
    """:func:`count` for each text, in order, in parallel with the GIL
    released; ``None`` for a missing text (``None``, ``NaN``, ``pd.NA`` or an
    Arrow null).

    ``texts``: a list (or any iterable) of ``str``, a pandas or Polars
    Series, or a pyarrow Array or ChunkedArray of strings (read in place).
    ``threads``: how many threads to use; ``None`` for every core. Inside
    Spark or Dask, which already run one task per core, pass ``threads=1``.
    """

def lookup(name: str) -> Country:
    """A country by ISO code (alpha-2, alpha-3 or numeric), name, alias or
    demonym, ignoring case and accents ("Burma", "KH", "Filipino").

    Raises :class:`UnknownCountryError` (a ``ValueError``) with close matches
    in ``suggestions``.
    """

def regions() -> list[Region]:
    """The bundled regions, in order (ids for :func:`write_maps`)."""

def write_maps(
    tally: Tally,
    out_dir: Union[str, os.PathLike[str]],
    *,
    regions: Union[str, Sequence[str], None] = None,
    formats: Union[str, Sequence[str], None] = None,
    classes: Union[str, Sequence[float], None] = None,
    class_count: int = 5,
    title: Optional[str] = None,
    subtitle: Optional[str] = None,
    width: int = 1600,
    height: int = 1200,
    labels: int = 8,
    threads: Optional[int] = None,
    top: int = 6,
) -> list[str]:
    """Writes each region's files for a tally into ``out_dir`` (created if
    missing) and returns the paths written, in order: ``<region>.geojson``
    with its QGIS style ``<region>.qml``, ``<region>.png``, ``<region>.svg``.

    ``regions``: ids (default southeast-asia, africa, pacific; see
    :func:`regions`). ``formats``: any of "geojson", "png", "svg" (default
    geojson and png). ``classes``: "jenks" (default), "quantile", "equal", or
    ascending upper bounds such as ``[1, 5, 20]``. ``class_count``: 1 to 8.
    ``width`` 400 to 8000, ``height`` 300 to 8000 pixels; ``labels``: how
    many top countries are labelled.

    A tally counted by period (``Tally.from_texts(texts, dates=..., by=...)``)
    also gets the maps over time, as ``geomention map --by`` draws them:
    ``<region>-periods.geojson`` (with its temporal ``.qml``),
    ``<region>-periods.png``, ``<region>-trend.png`` (the region and its
    ``top`` countries, 0 to 7) and ``<region>-first-mention.png``.

    Raises :class:`UnknownRegionError`; :class:`InvalidArgumentError` for a
    bad format, classing or size, a tally of other regions, or an output
    directory that cannot be written or that another run is writing; and
    :class:`GeomentionOSError` (or a subclass) when writing a file fails.
    """
