"""The gazetteer stage: the local place database every other stage looks names up in.

:mod:`~geomap.gazetteer.build` assembles one GeoPackage from data that ships in
installed packages (countries, regions, towns, airports, the reviewed hand-made
layer), :mod:`~geomap.gazetteer.schema` holds what the file's tables mean,
:mod:`~geomap.gazetteer.names` the name keys it is indexed on, and
:mod:`~geomap.gazetteer.store` opens the file read-only and answers look-ups;
:mod:`~geomap.gazetteer.reverse` adds coordinate-to-place queries, and
:mod:`~geomap.gazetteer.userdata` and :mod:`~geomap.gazetteer.geonames_import`
add the user's own places. This package exports :class:`Gazetteer`,
:class:`Match`, :func:`default_path` and :func:`is_within`.
"""

from __future__ import annotations

from .store import Gazetteer, Match, default_path, is_within

__all__ = ["Gazetteer", "Match", "default_path", "is_within"]
