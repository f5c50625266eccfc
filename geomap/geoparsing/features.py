"""Named streets and natural features, found by the form of their names.

The gazetteer holds populated places and regions, but local news places its
events on streets, rivers and lakes: "crossing Browns Bridge Road", "the
Neches River", "Elbow Lake". No package ships such names, yet their form says
what they are: capitalised words ending in a street or feature word. This
module finds them by that form alone; the resolver then places each at the
article's nearest local place, flagged as inferred.

The form is read strictly, because a loose reading finds organisations and
addresses instead:

* the name is one to four capitalised words before the last word, within one
  sentence ("College Avenue. Lane closures" is not a street);
* a capitalised word right after it means a longer name: "Goose Creek High
  School", "Texas Forest Service", "Wall Street Journal" are not features;
* a house number before it makes a postal address ("18 Sunnybrook Lane"),
  and a number after it a numbered road ("County Road 4045"): neither is read;
* a possessive is not part of the name: in "Augusta's Highland Avenue" the
  feature is "Highland Avenue".
"""

from __future__ import annotations

import re

from .vocabulary import alternation, words

__all__ = ["FEATURE_SUFFIXES", "find_features"]

# Last words of the names of streets and natural features. Words that also
# end many organisations' or people's names are left out on purpose: Court,
# Way, Place, Hill, Park, Highway ("Circuit Court", "United Way", "Ms. Hill").
FEATURE_SUFFIXES = words("feature_suffixes")

# A word of a name: capitalised, with inner hyphens or apostrophes ("O'Hare",
# "Wam-Sag-Man", "Governors’"), or an ordinal ("40th", "Seventh").
_WORD = r"(?:[A-Z][A-Za-z]*(?:['’-][A-Za-z]+)*['’]?|\d+(?:st|nd|rd|th))"
_SUFFIX = "|".join(re.escape(s) for s in FEATURE_SUFFIXES)
_FEATURE = re.compile(
    rf"(?<![\w.'’-])(?:(?:[NSEW]\. )?(?:{_WORD} ){{1,4}}(?:{_SUFFIX})"
    # Lakes and mountains also put their generic word first: "Lake Lanier".
    rf"|(?:Lake|Mount|Mt\.) {_WORD}(?: {_WORD})?)(?![\w'’-])"
)
# A compass word after the suffix belongs to the name ("40th Avenue South").
_TRAILING_DIRECTION = re.compile(rf" {alternation(words('compass_words'))}(?![\w.])")
# What may follow a name that ends there: anything but a capitalised word or
# a number on the same line.
_CONTINUES = re.compile(r" (?:[A-Z0-9])")
# Function words that open a sentence or a clause, not a name.
_LEADING = re.compile(
    rf"^(?:{alternation(words('leading_words') + tuple(w.title() for w in words('weekdays')))} )+"
)
# "R-Elbow Lake": a party and a home town, as US papers name legislators.
_PARTY = re.compile(r"^[DRI]-(?=[A-Z])")
_POSSESSIVE_WORD = re.compile(r"^.*['’]s ")
_HOUSE_NUMBER = re.compile(r"\d+[A-Za-z]? ?$")


def find_features(text: str) -> list[tuple[int, int, str]]:
    """The named streets and natural features of ``text``.

    Returns (start, end, name) in text order; the spans do not overlap.
    """
    out = []
    for m in _FEATURE.finditer(text):
        start, end, name = m.start(), m.end(), m.group(0)
        trailing = _TRAILING_DIRECTION.match(text, end)
        if trailing:
            end, name = trailing.end(), text[start : trailing.end()]
        elif _CONTINUES.match(text, end):
            continue  # part of a longer name, or a numbered road
        for pattern in (_LEADING, _POSSESSIVE_WORD, _PARTY):
            cut = pattern.match(name)
            if cut:
                start, name = start + cut.end(), name[cut.end() :]
        if " " not in name:
            continue  # only the generic word is left: "the Lake", "River"
        if _HOUSE_NUMBER.search(text, max(0, start - 8), start):
            continue  # a postal address
        out.append((start, end, name))
    return out
