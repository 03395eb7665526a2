"""Exceptions raised by geomention.

Every error derives from :class:`GeomentionError`, and also from the builtin
exception a Python user would expect (``ValueError`` for a bad value,
``FileNotFoundError`` for a missing file...), so either can be caught. The
message is the library's own: it names the value, file or line at fault and
says what to do.
"""

from __future__ import annotations

__all__ = [
    "GeomentionError",
    "UnknownCountryError",
    "UnknownRegionError",
    "ParseError",
    "InvalidArgumentError",
    "RenderError",
    "GeomentionOSError",
    "GeomentionFileNotFoundError",
    "GeomentionPermissionError",
]


class GeomentionError(Exception):
    """Base class of every error geomention raises."""


class UnknownCountryError(GeomentionError, ValueError):
    """A country code or name the gazetteer does not know.

    Attributes: ``query`` (what was looked up) and ``suggestions`` (close
    matches such as ``"Myanmar (MMR)"``, best first; may be empty).
    """

    query: str
    suggestions: list[str]


class UnknownRegionError(GeomentionError, ValueError):
    """A region id that is not in the region set.

    Attributes: ``region`` (the id asked for) and ``valid`` (every id known).
    """

    region: str
    valid: list[str]


class ParseError(GeomentionError, ValueError):
    """A malformed data file. Attributes: ``path`` and ``line`` (1-based)."""

    path: str
    line: int


class InvalidArgumentError(GeomentionError, ValueError):
    """A bad argument value (formats, classes, sizes, a tally that does not fit)."""


class RenderError(GeomentionError, RuntimeError):
    """Drawing a map failed. Attribute: ``path`` (the file being drawn)."""

    path: str


class GeomentionOSError(GeomentionError, OSError):
    """A file or directory that could not be read or written. Attribute: ``path``."""

    path: str


class GeomentionFileNotFoundError(GeomentionOSError, FileNotFoundError):
    """A file or directory that does not exist. Attribute: ``path``."""


class GeomentionPermissionError(GeomentionOSError, PermissionError):
    """A file or directory geomention may not read or write. Attribute: ``path``."""
