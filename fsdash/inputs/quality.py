"""What is wrong or suspicious in a site list: the checks of the data page's quality panel.

Pure functions on the valid frame that ``fsdash.sites.read_sites`` returns (and
on its report, for the rows validation excluded). Each check gives a ``Check``:
a French title and explanation, and one item per affected site (or
département), with its département and the link to the département page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from fsdash.domain import formatting
from fsdash.domain.site_fields import DAYS_FR, HOURS_COLUMNS
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs.contour_check import OUTSIDE_THRESHOLD_KM, outside_contour
from fsdash.inputs.contours import Contours
from fsdash.inputs.sites import Report

ITEM_COLUMNS: tuple[str, ...] = ("insee_dep", "departement", "id_fs", "lib_fs", "detail", "page")
DEPARTEMENT_PAGE = "/departement?dep={code}"


@dataclass(frozen=True)
class Check:
    key: str
    title: str
    explanation: str
    items: pd.DataFrame  # ITEM_COLUMNS
    note: str | None = None  # e.g. why the check could not run

    @property
    def count(self) -> int:
        return len(self.items)


def page_link(code: str) -> str:
    return DEPARTEMENT_PAGE.format(code=code) if code in DEPARTEMENTS else ""


def departement_name(code: str) -> str:
    entry = DEPARTEMENTS.get(code)
    return entry.nom if entry is not None else ""


def _no_items() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in ITEM_COLUMNS})


def _items(sites: pd.DataFrame, detail) -> pd.DataFrame:
    """Items for the given sites; ``detail`` is a Series aligned on ``sites`` or a string."""
    if sites.empty:
        return _no_items()
    codes = sites["insee_dep"].astype(str)
    return pd.DataFrame({
        "insee_dep": codes.to_numpy(),
        "departement": codes.map(departement_name).to_numpy(),
        "id_fs": sites["id_fs"].astype(str).to_numpy(),
        "lib_fs": sites["lib_fs"].astype(str).to_numpy(),
        "detail": detail.to_numpy() if isinstance(detail, pd.Series) else detail,
        "page": codes.map(page_link).to_numpy(),
    })


def _coordinates(lat: float, lon: float) -> str:
    return f"({formatting.number(lat, 6)} ; {formatting.number(lon, 6)})"


# --------------------------------------------------------------------------- checks


def outside_own_contour(sites: pd.DataFrame, contours: Contours | None) -> Check:
    key, title = "hors_contour", "Coordonnées hors du contour de leur département"
    explanation = (
        "Sites dont les coordonnées tombent hors du contour de leur propre département (code « insee_dep »). "
        f"Au-delà de {formatting.number(OUTSIDE_THRESHOLD_KM)} km, les coordonnées ou le code département sont "
        "à vérifier ; plus près, c'est le plus souvent un site côtier hors du trait de côte simplifié à 1 000 m."
    )
    if contours is None:
        return Check(key, title, explanation, _items(sites.iloc[0:0], ""),
                     note="Contours des départements absents : vérification impossible.")
    flagged = outside_contour(sites, contours, threshold_km=0.0).sort_values("distance_km", ascending=False)

    def detail(site) -> str:
        text = (f"à {formatting.number(site['distance_km'], 1)} km hors du contour, "
                f"coordonnées {_coordinates(site['latitude'], site['longitude'])}")
        if site["distance_km"] > OUTSIDE_THRESHOLD_KM:
            return text + " : à vérifier."
        return text + " : près du trait de côte, sans doute la simplification du contour."

    details = flagged.apply(detail, axis=1) if not flagged.empty else ""
    return Check(key, title, explanation, _items(flagged, details))


def identical_coordinates(sites: pd.DataFrame) -> Check:
    shared = sites[sites.duplicated(["latitude", "longitude"], keep=False)]
    shared = shared.sort_values(["latitude", "longitude", "id_fs"])
    details = []
    for _, site in shared.iterrows():
        others = shared[(shared["latitude"] == site["latitude"]) & (shared["longitude"] == site["longitude"])
                        & (shared["id_fs"] != site["id_fs"])]
        details.append("mêmes coordonnées que " + ", ".join(
            f"{o['id_fs']} ({o['lib_fs']}, {o['format_fs'] or 'format non renseigné'})" for _, o in others.iterrows()
        ) + ".")
    return Check(
        "coordonnees_identiques", "Plusieurs sites aux mêmes coordonnées",
        "Sites qui partagent exactement leur latitude et leur longitude avec un autre site. Souvent un bus "
        "ou une antenne placé à l'adresse de son site principal ; parfois une erreur de saisie. Sur la carte, "
        "ces sites se superposent.",
        _items(shared, pd.Series(details, index=shared.index, dtype=str)),
    )


def missing_contact(sites: pd.DataFrame) -> Check:
    phone = sites["telephone"].fillna("").str.strip() == ""
    mail = sites["mail"].fillna("").str.strip() == ""
    flagged = sites[phone | mail]
    details = pd.Series("", index=flagged.index, dtype=str)
    details[phone[flagged.index] & mail[flagged.index]] = "ni téléphone ni courriel."
    details[phone[flagged.index] & ~mail[flagged.index]] = "pas de téléphone."
    details[~phone[flagged.index] & mail[flagged.index]] = "pas de courriel."
    return Check(
        "contact_manquant", "Téléphone ou courriel manquant",
        "Sites sans numéro de téléphone, sans adresse de courriel, ou sans aucun des deux : le public ne "
        "peut pas les joindre.",
        _items(flagged, details),
    )


_TIME = r"(\d{1,2})\s*[:hH]\s*(\d{2})?"
_INTERVAL_RE = re.compile(rf"^\s*{_TIME}\s*(?:-|–|à)\s*{_TIME}\s*$")
_SEPARATORS_RE = re.compile(r"\s*(?:/|;|,|\bet\b)\s*")


@lru_cache(maxsize=4096)
def hours_problem(text: str) -> str | None:
    """Why opening hours such as ``09:00 - 12:00 / 13:30 - 17:00`` are not usable; None when they are
    (empty means closed)."""
    text = (text or "").strip()
    if not text:
        return None
    previous_end = -1
    for part in _SEPARATORS_RE.split(text):
        match = _INTERVAL_RE.match(part)
        if match is None:
            return "horaires illisibles (attendu par exemple « 09:00 - 12:00 / 13:30 - 17:00 »)"
        h1, m1, h2, m2 = (int(g) if g else 0 for g in match.groups())
        if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59:
            return "heure impossible"
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end <= start:
            return "plage vide ou inversée (la fin n'est pas après le début)"
        if start < previous_end:
            return "plages qui se chevauchent"
        previous_end = end
    return None


def unreadable_hours(sites: pd.DataFrame) -> Check:
    problems: dict[int, list[str]] = {}
    for day, column in zip(DAYS_FR, HOURS_COLUMNS):
        for idx, value in sites[column].fillna("").items():
            reason = hours_problem(value)
            if reason is not None:
                problems.setdefault(idx, []).append(f"{day.lower()} « {value} » : {reason}")
    flagged = sites.loc[sorted(problems, key=sites.index.get_loc)]
    details = pd.Series({idx: " ; ".join(problems[idx]) + "." for idx in flagged.index}, dtype=str)
    return Check(
        "horaires_illisibles", "Horaires d'ouverture illisibles ou incohérents",
        "Horaires qui ne suivent pas la forme « 09:00 - 12:00 / 13:30 - 17:00 », ou dont une plage est vide, "
        "inversée ou chevauche la précédente (par exemple « 00:00 - 00:00 »). Ils s'affichent tels quels.",
        _items(flagged, details.reindex(flagged.index)),
    )


def no_hours(sites: pd.DataFrame) -> Check:
    empty = (sites[list(HOURS_COLUMNS)].fillna("").apply(lambda c: c.str.strip()) == "").all(axis=1)
    flagged = sites[empty]
    details = flagged["format_fs"].map(lambda f: f"aucun horaire renseigné (format : {f or 'non renseigné'}).")
    return Check(
        "horaires_absents", "Aucun horaire d'ouverture",
        "Sites dont les six jours sont vides : la fiche du site les affiche comme fermés toute la semaine. "
        "Normal pour certains bus ou sites itinérants, à vérifier pour un site fixe.",
        _items(flagged, details),
    )


def departements_without_site(sites: pd.DataFrame) -> Check:
    present = set(sites["insee_dep"].astype(str))
    codes = [c for c in DEPARTEMENTS if c not in present]
    items = _no_items() if not codes else pd.DataFrame({
        "insee_dep": codes,
        "departement": [departement_name(c) for c in codes],
        "id_fs": "", "lib_fs": "",
        "detail": "aucun site France services dans la liste.",
        "page": [page_link(c) for c in codes],
    }, columns=list(ITEM_COLUMNS))
    return Check(
        "departements_sans_site", "Départements sans aucun site",
        "Départements (et Saint-Martin) qui n'ont aucun site dans la liste : un oubli dans l'extraction, "
        "ou un code département erroné sur leurs sites.",
        items,
    )


def groups_across_departements(sites: pd.DataFrame) -> Check:
    grouped = sites[sites["groupe_fs"].fillna("").str.strip() != ""]
    spread = grouped.groupby("groupe_fs")["insee_dep"].nunique()
    names = set(spread[spread > 1].index)
    flagged = grouped[grouped["groupe_fs"].isin(names)].sort_values(["groupe_fs", "insee_dep", "id_fs"])
    codes = flagged.groupby("groupe_fs")["insee_dep"].agg(lambda c: ", ".join(sorted(set(c))))
    details = flagged["groupe_fs"].map(lambda g: f"groupe « {g} » réparti sur les départements {codes[g]}.")
    return Check(
        "groupes_multi_departements", "Groupes de sites répartis sur plusieurs départements",
        "Sites d'un même groupe (« groupe_fs ») situés dans des départements différents : un groupe est "
        "animé par un seul animateur départemental, le code département ou le groupe est sans doute erroné.",
        _items(flagged, details),
    )


def validation_problems(report: Report) -> Check:
    rows = [{
        "insee_dep": "", "departement": "", "id_fs": "", "lib_fs": "",
        "detail": f"[{p.level}] {p}", "page": "",
    } for p in report.problems]
    return Check(
        "validation", "Lignes écartées ou signalées à la validation",
        "Problèmes trouvés à la lecture du fichier de la version courante : une erreur écarte la ligne (le site "
        "n'apparaît pas dans le tableau de bord), un avertissement la garde. Les numéros de ligne sont ceux du "
        "tableur (l'en-tête est la ligne 1).",
        pd.DataFrame(rows, columns=list(ITEM_COLUMNS)) if rows else _no_items(),
    )


def run_checks(sites: pd.DataFrame, contours: Contours | None = None, report: Report | None = None) -> list[Check]:
    """Every check of the quality panel, in display order."""
    checks = [
        outside_own_contour(sites, contours),
        identical_coordinates(sites),
        missing_contact(sites),
        unreadable_hours(sites),
        no_hours(sites),
        departements_without_site(sites),
        groups_across_departements(sites),
    ]
    if report is not None:
        checks.append(validation_problems(report))
    return checks


def all_items(checks: list[Check]) -> pd.DataFrame:
    """Every item of every check in one table (for a download), with the check's title."""
    frames = [c.items.assign(verification=c.title) for c in checks if c.count]
    if not frames:
        return pd.DataFrame(columns=["verification", *ITEM_COLUMNS])
    return pd.concat(frames, ignore_index=True)[["verification", *ITEM_COLUMNS]]


# Who corrects what a check finds: the list is the ANCT's, corrections are made at the source.
WHO_CORRECTS = ("Ces informations viennent de la liste officielle des France services, publiée par l'ANCT "
                "sur data.gouv.fr : elles se corrigent à la source. Signalez la correction à l'ANCT (programme "
                "France services) ; la version suivante de la liste l'apportera ici.")


def site_warnings(checks: list[Check], code: str) -> dict[str, list[str]]:
    """Each site of département ``code`` that a check flags, with the checks' findings (title: detail)."""
    found: dict[str, list[str]] = {}
    for check in checks:
        items = check.items
        if check.count and (items["insee_dep"] == code).any():
            for site_id, detail in zip(items.loc[items["insee_dep"] == code, "id_fs"],
                                       items.loc[items["insee_dep"] == code, "detail"]):
                if site_id:
                    found.setdefault(site_id, []).append(f"{check.title} : {detail}")
    return found


def for_departement(checks: list[Check], code: str | None) -> list[Check]:
    """The checks with their items limited to département ``code`` (all of them for None)."""
    if not code:
        return checks
    return [Check(c.key, c.title, c.explanation, c.items[c.items["insee_dep"] == code].reset_index(drop=True), c.note)
            for c in checks]
