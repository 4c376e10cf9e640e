"""The difference between two versions of the site list, site by site and field by field.

Pure functions on the valid frames that ``fsdash.sites.read_sites`` returns.
Sites are matched on ``id_fs``. A site is:

- added: its id is only in the new list;
- removed: its id is only in the old list (absent from the new file, or excluded
  by validation: the validation report says which);
- changed: same id, and at least one field differs. Changes are listed one row
  per field and grouped in categories (moved, renamed, format or type, contact,
  département, address, opening hours, other). Coordinates count as a move only
  beyond ``MOVE_THRESHOLD_M`` metres; smaller shifts are counted apart
  (``small_moves``), not listed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from fsdash.domain import formatting
from fsdash.domain.site_fields import HOURS_COLUMNS

MOVE_THRESHOLD_M = 100.0
MASS_REMOVAL_SHARE = 0.10  # warn when an import would remove more than this share of the sites
EARTH_RADIUS_M = 6_371_008.8

# Category key -> (French label, columns). Order is display order.
CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "deplace": ("Déplacés de plus de 100 m", ("latitude", "longitude")),
    "renomme": ("Renommés", ("lib_fs",)),
    "format_type": ("Format ou type changé", ("format_fs", "type_fs")),
    "contact": ("Contact changé", ("telephone", "mail")),
    "departement": ("Département changé", ("insee_dep",)),
    "adresse": ("Adresse changée", ("adresse", "complement_adresse", "code_postal", "lib_com", "insee_com")),
    "horaires": ("Horaires ou prise de rendez-vous changés", (*HOURS_COLUMNS, "prise_rdv")),
    "autre": ("Autres champs changés", ("commentaire", "groupe_fs", "labellisation_fs")),
}

FIELD_LABELS: dict[str, str] = {
    "coordonnees": "coordonnées",
    "lib_fs": "nom",
    "format_fs": "format",
    "type_fs": "type",
    "telephone": "téléphone",
    "mail": "courriel",
    "insee_dep": "département",
    "adresse": "adresse",
    "complement_adresse": "complément d'adresse",
    "code_postal": "code postal",
    "lib_com": "commune",
    "insee_com": "code commune",
    "h_lundi": "horaires du lundi",
    "h_mardi": "horaires du mardi",
    "h_mercredi": "horaires du mercredi",
    "h_jeudi": "horaires du jeudi",
    "h_vendredi": "horaires du vendredi",
    "h_samedi": "horaires du samedi",
    "prise_rdv": "prise de rendez-vous",
    "commentaire": "commentaire",
    "groupe_fs": "groupe",
    "labellisation_fs": "labellisation",
}

SITE_COLUMNS: tuple[str, ...] = ("id_fs", "insee_dep", "lib_fs", "lib_com", "type_fs", "format_fs")
CHANGE_COLUMNS: tuple[str, ...] = ("id_fs", "insee_dep", "lib_fs", "categorie", "champ", "avant", "apres",
                                   "distance_m")


@dataclass(frozen=True)
class SiteDiff:
    added: pd.DataFrame  # SITE_COLUMNS, from the new list
    removed: pd.DataFrame  # SITE_COLUMNS, from the old list
    changes: pd.DataFrame  # CHANGE_COLUMNS, one row per changed field (moves: one row per site)
    small_moves: int  # sites whose coordinates moved by MOVE_THRESHOLD_M or less (not listed)
    old_count: int
    new_count: int

    @property
    def changed_ids(self) -> list[str]:
        return list(dict.fromkeys(self.changes["id_fs"]))

    def ids(self, category: str) -> list[str]:
        """Ids of the sites with a change in ``category`` (a key of ``CATEGORIES``)."""
        return list(dict.fromkeys(self.changes.loc[self.changes["categorie"] == category, "id_fs"]))

    def category_table(self, category: str) -> pd.DataFrame:
        return self.changes.loc[self.changes["categorie"] == category].reset_index(drop=True)

    @property
    def unchanged(self) -> int:
        return self.new_count - len(self.added) - len(self.changed_ids)

    @property
    def is_empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changes.empty

    def removal_warning(self, share: float = MASS_REMOVAL_SHARE) -> str | None:
        """A French warning when the new list would drop more than ``share`` of the old one's sites."""
        if not self.old_count or len(self.removed) <= share * self.old_count:
            return None
        return (f"Attention : {_sites(len(self.removed))} sur {formatting.number(self.old_count)} "
                f"({formatting.percent(len(self.removed) / self.old_count)}) disparaîtraient du tableau de bord. "
                "Fichier incomplet (tronqué, filtré) ou identifiants renumérotés ? Vérifiez avant de confirmer.")

    def counts(self) -> dict[str, int]:
        """Sites added, removed, changed (distinct), then per category; JSON-ready."""
        out = {"ajoutes": len(self.added), "supprimes": len(self.removed), "modifies": len(self.changed_ids)}
        per = self.changes.groupby("categorie")["id_fs"].nunique().to_dict() if not self.changes.empty else {}
        out.update({key: int(per.get(key, 0)) for key in CATEGORIES})
        out["deplacements_faibles"] = self.small_moves
        return out

    def summary(self) -> str:
        """One French sentence: « 3 sites supprimés, 2 sites modifiés (déplacés de plus de 100 m : 2). »"""
        if self.is_empty:
            text = "Aucune différence avec la version courante"
            if self.small_moves:
                text += f" (hors {_sites(self.small_moves)} aux coordonnées ajustées de 100 m au plus)"
            return text + "."
        counts = self.counts()
        parts = []
        if counts["ajoutes"]:
            parts.append(f"{_sites(counts['ajoutes'])} ajouté{'s' if counts['ajoutes'] > 1 else ''}")
        if counts["supprimes"]:
            parts.append(f"{_sites(counts['supprimes'])} supprimé{'s' if counts['supprimes'] > 1 else ''}")
        if counts["modifies"]:
            detail = " ; ".join(f"{label.lower()} : {formatting.number(counts[key])}"
                                for key, (label, _) in CATEGORIES.items() if counts[key])
            parts.append(f"{_sites(counts['modifies'])} modifié{'s' if counts['modifies'] > 1 else ''} ({detail})")
        text = ", ".join(parts)
        if self.small_moves:
            text += (f" ; {_sites(self.small_moves)} aux coordonnées ajustées de 100 m au plus "
                     f"(non détaillé{'s' if self.small_moves > 1 else ''})")
        return text[0].upper() + text[1:] + "."


def _sites(n: int) -> str:
    return f"{formatting.number(n)} site{'s' if n > 1 else ''}"


def _id_order(ids) -> list[str]:
    """Numeric ids in numeric order, others after them in text order."""
    return sorted(ids, key=lambda s: (0, int(s), "") if s.isdigit() else (1, 0, s))


def haversine_m(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in metres, element-wise."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(a, dtype=float)) for a in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _coordinates(lat, lon) -> str:
    return f"({formatting.number(lat, 6)} ; {formatting.number(lon, 6)})"


def _site_table(frame: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    if not ids:
        return pd.DataFrame({c: pd.Series(dtype=str) for c in SITE_COLUMNS})
    return frame.loc[ids, [c for c in SITE_COLUMNS if c != "id_fs"]].rename_axis("id_fs").reset_index()


def _indexed(frame: pd.DataFrame | None) -> pd.DataFrame:
    if frame is None or frame.empty:
        from fsdash.inputs.sites import empty_sites

        frame = empty_sites()
    return frame.set_index(frame["id_fs"].astype(str), drop=False).rename_axis(None)


def diff_sites(old: pd.DataFrame | None, new: pd.DataFrame) -> SiteDiff:
    """What changes when ``new`` replaces ``old`` (``None`` or empty: every site is added)."""
    old_i, new_i = _indexed(old), _indexed(new)
    old_ids, new_ids = set(old_i.index), set(new_i.index)
    common = _id_order(old_ids & new_ids)
    added = _site_table(new_i, _id_order(new_ids - old_ids))
    removed = _site_table(old_i, _id_order(old_ids - new_ids))

    before, after = old_i.loc[common], new_i.loc[common]
    pieces: list[pd.DataFrame] = []
    order = {key: rank for rank, key in enumerate(CATEGORIES)}

    distance = haversine_m(before["latitude"], before["longitude"], after["latitude"], after["longitude"])
    moved = distance > MOVE_THRESHOLD_M
    small_moves = int(((distance > 0) & ~moved).sum())
    if moved.any():
        b, a = before.loc[moved], after.loc[moved]
        pieces.append(pd.DataFrame({
            "id_fs": a["id_fs"].to_numpy(), "insee_dep": a["insee_dep"].to_numpy(), "lib_fs": a["lib_fs"].to_numpy(),
            "categorie": "deplace", "champ": FIELD_LABELS["coordonnees"],
            "avant": [_coordinates(x, y) for x, y in zip(b["latitude"], b["longitude"])],
            "apres": [_coordinates(x, y) for x, y in zip(a["latitude"], a["longitude"])],
            "distance_m": np.round(distance[moved]),
        }))
    for key, (_, columns) in CATEGORIES.items():
        if key == "deplace":
            continue
        for column in columns:
            b_values = before[column].fillna("").astype(str).to_numpy()
            a_values = after[column].fillna("").astype(str).to_numpy()
            mask = b_values != a_values
            if not mask.any():
                continue
            rows = after.loc[mask]
            pieces.append(pd.DataFrame({
                "id_fs": rows["id_fs"].to_numpy(), "insee_dep": rows["insee_dep"].to_numpy(),
                "lib_fs": rows["lib_fs"].to_numpy(), "categorie": key, "champ": FIELD_LABELS[column],
                "avant": b_values[mask], "apres": a_values[mask], "distance_m": np.nan,
            }))
    if pieces:
        changes = pd.concat(pieces, ignore_index=True)
        rank = {ident: i for i, ident in enumerate(common)}
        changes = (changes.assign(_site=changes["id_fs"].map(rank), _cat=changes["categorie"].map(order))
                   .sort_values(["_cat", "_site"], kind="stable").drop(columns=["_site", "_cat"])
                   .reset_index(drop=True))
    else:
        changes = pd.DataFrame({c: pd.Series(dtype=float if c == "distance_m" else str) for c in CHANGE_COLUMNS})
    return SiteDiff(added=added, removed=removed, changes=changes[list(CHANGE_COLUMNS)], small_moves=small_moves,
                    old_count=len(old_i), new_count=len(new_i))


def display_changes(changes: pd.DataFrame) -> pd.DataFrame:
    """French column names for a table of changes (distance in metres, French format)."""
    out = changes.copy()
    out["categorie"] = out["categorie"].map(lambda k: CATEGORIES[k][0])
    out["distance_m"] = out["distance_m"].map(lambda d: "" if pd.isna(d) else f"{formatting.number(d)} m")
    return out.rename(columns={"id_fs": "Identifiant", "insee_dep": "Département", "lib_fs": "Site",
                               "categorie": "Catégorie", "champ": "Champ", "avant": "Avant", "apres": "Après",
                               "distance_m": "Distance"})


def display_sites(sites: pd.DataFrame) -> pd.DataFrame:
    return sites.rename(columns={"id_fs": "Identifiant", "insee_dep": "Département", "lib_fs": "Site",
                                 "lib_com": "Commune", "type_fs": "Type", "format_fs": "Format"})
