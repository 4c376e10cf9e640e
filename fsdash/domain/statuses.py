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

# Okabe-Ito colour-blind-safe palette, one colour per status (in STATUSES order).
STATUS_COLORS: dict[str, str] = {
    NON_RENSEIGNE: "#BBBBBB",
    AUCUN: "#D55E00",
    RECRUTEMENT: "#E69F00",
    MI_TEMPS: "#56B4E9",
    TEMPS_PLEIN: "#0072B2",
}

# The State's flat annual contribution by time share, in euros (PRODUCT.md: 25,000 €
# for 0.5 ETP in 2023, 50,000 € for 1 ETP from January 2024).
FLAT_CONTRIBUTION: dict[float, float] = {0.0: 0.0, 0.5: 25_000.0, 1.0: 50_000.0}

# Who employs the facilitator (structure porteuse).
HOST_KINDS: tuple[str, ...] = (
    "collectivité", "association", "La Poste", "MSA", "conseil départemental", "France services", "autre",
)
