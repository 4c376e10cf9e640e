"""The fields of a département's facilitator record: names, French labels, sizes.

Public fields may be shown to anyone; personal fields (the facilitator's name and
contact) only to the ANCT and to that département's prefecture.
"""

from __future__ import annotations

from datetime import date

PUBLIC_FIELDS: tuple[str, ...] = (
    "statut", "etp", "structure_porteuse", "type_structure", "date_debut", "date_convention",
    "financement_annuel", "commentaire",
)
PERSONAL_FIELDS: tuple[str, ...] = ("animateur_nom", "animateur_email", "animateur_telephone")
FIELDS: tuple[str, ...] = PUBLIC_FIELDS + PERSONAL_FIELDS
DATE_FIELDS: tuple[str, ...] = ("date_debut", "date_convention")

FIELD_LABELS: dict[str, str] = {
    "statut": "Statut",
    "etp": "ETP",
    "structure_porteuse": "Structure porteuse",
    "type_structure": "Type de structure",
    "date_debut": "Date de début",
    "date_convention": "Date de signature de la convention",
    "financement_annuel": "Financement annuel (€)",
    "commentaire": "Commentaire",
    "animateur_nom": "Nom de l'animateur",
    "animateur_email": "Courriel de l'animateur",
    "animateur_telephone": "Téléphone de l'animateur",
    "date_effet": "À partir du",  # the start of a period (history rows, conflicts, errors)
}

# Longest text each field holds (the database column's size).
MAX_LENGTHS: dict[str, int] = {
    "statut": 32,
    "structure_porteuse": 300,
    "type_structure": 40,
    "commentaire": 2000,
    "animateur_nom": 200,
    "animateur_email": 200,
    "animateur_telephone": 50,
}

# Plausible dates in a record: the function was created in 2019 at the earliest.
DATE_MIN = date(2019, 1, 1)
DATE_MAX = date(2040, 12, 31)

# How a personal value is shown to someone not allowed to see it.
MASKED = "(masqué)"

# The author recorded for the demonstration data: not a person, shown to everyone.
DEMO_AUTHOR = "données de démonstration (fictives)"
