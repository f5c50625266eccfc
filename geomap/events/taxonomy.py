"""ACLED's event taxonomy: the six event types and the sub-types geomap assigns."""

from __future__ import annotations

__all__ = ["BACKGROUND_DAYS", "EVENT_TYPES"]


BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

# ACLED's taxonomy: event type -> sub-event types geomap can assign.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    EXPLOSIONS: (
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Grenade",
    ),
    VIOLENCE: ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    PROTESTS: (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    RIOTS: ("Violent demonstration", "Mob violence"),
    STRATEGIC: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
# ACLED's ordering of political violence over demonstrations over strategic
# developments: the event a coder records first from a report.
SEVERITY: dict[str, int] = {
    BATTLES: 0,
    EXPLOSIONS: 0,
    VIOLENCE: 0,
    RIOTS: 1,
    PROTESTS: 1,
    STRATEGIC: 2,
}
# Events this many days or more before publication are background.
BACKGROUND_DAYS = 30
