"""The facilitator's status in a département: names, time share, colours and words.

Written once here; the registry, the simulator, the maps and the tables read it.
"""

from __future__ import annotations

NON_RENSEIGNE = "non renseigné"
AUCUN = "aucun"
RECRUTEMENT = "recrutement en cours"
MI_TEMPS = "mi-temps"
TEMPS_PLEIN = "temps plein"
STATUSES: tuple[str, ...] = (NON_RENSEIGNE, AUCUN, RECRUTEMENT, MI_TEMPS, TEMPS_PLEIN)

# Time share (ETP) of each status. « non renseigné » is unknown, not « none »:
# its 0 is no post known, never a cost to count silently.
STATUS_ETP: dict[str, float] = {NON_RENSEIGNE: 0.0, AUCUN: 0.0, RECRUTEMENT: 0.0, MI_TEMPS: 0.5, TEMPS_PLEIN: 1.0}

# « 73 à mi-temps », « 28 sans animateur ».
STATUS_PLURALS: dict[str, str] = {
    MI_TEMPS: "à mi-temps",
    TEMPS_PLEIN: "à temps plein",
    AUCUN: "sans animateur",
    RECRUTEMENT: "en recrutement",
    NON_RENSEIGNE: "non renseignés",
}

# One colour per status (in STATUSES order), from « nobody » (dark brick) through
# « recruiting » (vermilion) to « half time » (green) and « full time » (dark
# green): no blue, which is the sites' colour (site_fields.SITE_COLORS). Checked by
# tests/domain/test_statuses.py with fsdash.domain.colours: as drawn on the map
# (at STATUS_FILL_OPACITY over MAP_BACKGROUNDS) each has a contrast of at least
# 3:1 with the map's background (WCAG 1.4.11), and any two stay at least 13 ΔE00
# apart for normal vision, protanopia, deuteranopia and tritanopia (Machado 2009),
# and 25 ΔE00 from the sites' blue. « non renseigné » is also hatched
# (STATUS_HATCHED): unknown is not a colour among others.
STATUS_COLORS: dict[str, str] = {
    NON_RENSEIGNE: "#74787C",
    AUCUN: "#6B1A12",
    RECRUTEMENT: "#C0400C",
    MI_TEMPS: "#149054",
    TEMPS_PLEIN: "#005C44",
}
STATUS_FILL_OPACITY = 0.85
STATUS_HATCHED: tuple[str, ...] = (NON_RENSEIGNE,)
# The map's own background (no tiles) and white (the light tiles, the legend's box).
MAP_BACKGROUNDS: tuple[str, ...] = ("#F6F6F6", "#FFFFFF")

# The State's flat annual contribution by time share, in euros (PRODUCT.md: 25,000 €
# for 0.5 ETP in 2023, 50,000 € for 1 ETP from January 2024).
FLAT_CONTRIBUTION: dict[float, float] = {0.0: 0.0, 0.5: 25_000.0, 1.0: 50_000.0}

# Who employs the facilitator (structure porteuse).
HOST_KINDS: tuple[str, ...] = (
    "collectivité", "association", "La Poste", "MSA", "conseil départemental", "France services", "autre",
)
