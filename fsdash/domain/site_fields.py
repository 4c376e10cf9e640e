"""The official site list's vocabulary: columns, days, site types and formats."""

from __future__ import annotations

COLUMNS: tuple[str, ...] = (
    "id_fs", "insee_dep", "lib_fs", "adresse", "complement_adresse", "insee_com",
    "code_postal", "lib_com", "latitude", "longitude", "mail", "telephone",
    "h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi",
    "prise_rdv", "commentaire", "type_fs", "format_fs", "groupe_fs", "labellisation_fs",
)
REQUIRED: tuple[str, ...] = ("id_fs", "insee_dep", "lib_fs", "latitude", "longitude")
HOURS_COLUMNS: tuple[str, ...] = ("h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi")
DAYS_FR: tuple[str, ...] = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi")
DAYS_SHORT: tuple[str, ...] = ("Lun.", "Mar.", "Mer.", "Jeu.", "Ven.", "Sam.")

SITE_TYPES: tuple[str, ...] = ("Principal", "Antenne")
SITE_COLORS: dict[str, str] = {"Principal": "#000091", "Antenne": "#E1000F"}
FORMAT_LABELS: dict[str, str] = {
    "Fixe": "fixe",
    "Multisites": "multisites",
    "Bus_équivalent": "bus (itinérant)",
    "Fixe_antenne(s)": "fixe avec antenne(s)",
    "Itinérante": "itinérante",
}
ITINERANT_FORMATS: tuple[str, ...] = ("Bus_équivalent", "Itinérante")
