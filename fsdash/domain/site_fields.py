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
# Sites are drawn in the State's blue, whatever their type: a main site as a filled
# disc (white rim), an antenna as a ring (white centre); clusters of sites are blue
# discs with their count. No facilitator status uses blue (statuses.STATUS_COLORS):
# a site never reads as a status. The white parts keep every marker visible on the
# darkest statuses, the blue on the lightest background.
SITE_COLORS: dict[str, str] = {"Principal": "#000091", "Antenne": "#FFFFFF"}
SITE_OUTLINES: dict[str, str] = {"Principal": "#FFFFFF", "Antenne": "#000091"}
CLUSTER_COLOR = "#000091"
FORMAT_LABELS: dict[str, str] = {
    "Fixe": "fixe",
    "Multisites": "multisites",
    "Bus_équivalent": "bus (itinérant)",
    "Fixe_antenne(s)": "fixe avec antenne(s)",
    "Itinérante": "itinérante",
}
ITINERANT_FORMATS: tuple[str, ...] = ("Bus_équivalent", "Itinérante")
