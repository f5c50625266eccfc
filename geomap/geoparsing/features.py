"""Named streets and natural features, found by the form of their names.

The gazetteer holds populated places and regions, but local news places its
events on streets, rivers and lakes: "crossing Mill Pond Road", "the
Sawtooth River", "Birch Lake". No package ships such names, yet their form says
what they are: capitalised words ending in a street or feature word. This
module finds them by that form alone; the resolver then places each at the
article's nearest local place, flagged as inferred.

The form is read strictly, because a loose reading finds organisations and
addresses instead:

* the name is one to four capitalised words before the last word, within one
  sentence ("College Avenue. Lane closures" is not a street);
* a capitalised word right after it means a longer name: "Otter Creek High
  School", "Ohio Forest Service", "Main Street Gazette" are not features;
* a number after it makes a numbered road ("County Road 812"): not read;
* a possessive is not part of the name: in "Dayton's Maple Avenue" the
  feature is "Maple Avenue".
"""

from __future__ import annotations

import re

from .vocabulary import alternation, words

__all__ = ["FEATURE_SUFFIXES", "find_features"]

# Last words of the names of streets and natural features. Words that also
# end many organisations' or people's names are left out on purpose: Court,
# Way, Place, Hill, Park, Highway ("Probate Court", "Milky Way", "Dr. Hill").
FEATURE_SUFFIXES = words("feature_suffixes")

# A word of a name: capitalised, with inner hyphens or apostrophes ("O'Hare",
# "Wilkes-Barre", "Pilgrims’"), or an ordinal ("12th", "Ninth").
_WORD = r"(?:[A-Z][A-Za-z]*(?:['’-][A-Za-z]+)*['’]?|\d+(?:st|nd|rd|th))"
_SUFFIX = "|".join(re.escape(s) for s in FEATURE_SUFFIXES)
_FEATURE = re.compile(
    rf"(?<![\w.'’-])(?:(?:[NSEW]\. )?(?:{_WORD} ){{1,4}}(?:{_SUFFIX})"
    # Lakes and mountains also put their generic word first: "Lake Placid".
    rf"|(?:Lake|Mount|Mt\.) {_WORD}(?: {_WORD})?)(?![\w'’-])"
)
# What may follow a name that ends there: anything but a capitalised word or
# a number on the same line.
_CONTINUES = re.compile(r" (?:[A-Z0-9])")
# Function words that open a sentence or a clause, not a name.
_LEADING = re.compile(
    rf"^(?:{alternation(words('leading_words') + tuple(w.title() for w in words('weekdays')))} )+"
)
# "D-Cedar Lake": a party and a home town, as US papers name legislators.
_PARTY = re.compile(r"^[DRI]-(?=[A-Z])")
_POSSESSIVE_WORD = re.compile(r"^.*['’]s ")


def find_features(text: str) -> list[tuple[int, int, str]]:
    """The named streets and natural features of ``text``.

    Returns (start, end, name) in text order; the spans do not overlap.
    """
    out = []
    for m in _FEATURE.finditer(text):
        start, end, name = m.start(), m.end(), m.group(0)
        if _CONTINUES.match(text, end):
            continue  # part of a longer name, or a numbered road
        for pattern in (_LEADING, _POSSESSIVE_WORD, _PARTY):
            cut = pattern.match(name)
            if cut:
                start, name = start + cut.end(), name[cut.end() :]
        if " " not in name:
            continue  # only the generic word is left: "the Lake", "River"
        out.append((start, end, name))
    return out
