"""The ranking prior: how likely a bare name means a given place, before context.

Computed from a place's kind, population and capital status when the
gazetteer is read; the builder stores the inputs, not the prior.
"""

from __future__ import annotations

import math

from ..models import Kind

__all__ = ["prior_for"]

# Why these numbers: a bare name in news most often means the best-known
# place of that name. Countries outrank everything; a city outranks the
# admin-1 region of the same name that contains it (news says "Baghdad" for
# the city and "Baghdad province" for the region); named districts of the
# hand-made layer are curated, so they beat same-named hamlets.
_KIND_BONUS = {
    Kind.COUNTRY: 4.0,
    Kind.REGION: 2.5,
    Kind.ADMIN1: -0.5,
    Kind.ADMIN2: -0.8,
    Kind.CITY: 0.0,
    Kind.DISTRICT: 1.0,
    Kind.LANDMARK: 0.5,
    Kind.CUSTOM: 3.0,
}
_DEFAULT_POPULATION = {
    Kind.REGION: 10_000_000,
    Kind.DISTRICT: 200_000,
    Kind.LANDMARK: 10_000,
    Kind.CUSTOM: 100_000,
}


# A national capital is what news means by its name far more often than
# its population alone says ("Washington", "Moscow", "Paris").
_CAPITAL_BONUS = 1.0


def prior_for(kind: str, population: int | None, capital: bool = False) -> float:
    """Log-population prior with a bonus by kind (higher is likelier)."""
    try:
        k = Kind(kind)
    except ValueError:
        k = Kind.CUSTOM
    pop = population or _DEFAULT_POPULATION.get(k, 100)
    bonus = _KIND_BONUS[k] + (_CAPITAL_BONUS if capital else 0.0)
    return round(math.log10(pop + 1) + bonus, 6)
