"""The geoparsing stage: text in, resolved place mentions out.

:mod:`~geomap.geoparsing.recognize` finds the spans that may name places (rules
over the gazetteer's names, refereed by spaCy in "ner" mode, with
:mod:`~geomap.geoparsing.features` and :mod:`~geomap.geoparsing.directions`
for "north of X"-style phrases), :mod:`~geomap.geoparsing.resolve` picks one
gazetteer entry per span, and :mod:`~geomap.geoparsing.parser` ties the two
into :class:`Geoparser`; :mod:`~geomap.geoparsing.evaluate` scores it against
annotated corpora. This package exports :class:`Geoparser`, :func:`geoparse`
and :func:`load_spacy`. It reads the gazetteer but imports nothing of its
builder. (Named ``geoparsing``, not ``geoparse``: ``geomap.geoparse`` is the
public function, and a subpackage of the same name would be shadowed by it.)
"""

from __future__ import annotations

from .parser import Geoparser, geoparse, load_spacy

__all__ = ["Geoparser", "geoparse", "load_spacy"]
