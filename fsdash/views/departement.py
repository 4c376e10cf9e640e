"""Figures, tables and map geometry choices for the page of one département.

Pure functions of the site list, the registry records and the contours: the
Streamlit page (``fsdash.ui.departement``) and the printable summary
(``fsdash.departement_report``) both build on them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from fsdash.domain import formatting
from fsdash.domain.record_fields import DEMO_AUTHOR, FIELD_LABELS, MASKED, PERSONAL_FIELDS
from fsdash.domain.site_fields import DAYS_FR, FORMAT_LABELS, HOURS_COLUMNS, ITINERANT_FORMATS
from fsdash.domain.statuses import STATUS_ETP
from fsdash.domain.territories import DEPARTEMENTS, normalize

QUALITY_COLUMN = "Alerte qualité"

# Columns of the sites table, in order (French headers: shown and exported as is).
TABLE_COLUMNS: tuple[str, ...] = (
    "Nom", "Adresse", "Commune", "Code postal", "Type", "Format", "Groupe", "Labellisation", "Prise de RDV",
    "Téléphone", "Courriel", *DAYS_FR, QUALITY_COLUMN, "Identifiant",
)


# --------------------------------------------------------------------------- sites


def departement_sites(sites: pd.DataFrame, code: str) -> pd.DataFrame:
    """The sites of one département, by name."""
    frame = sites.loc[sites["insee_dep"] == code]
    return frame.sort_values("lib_fs", key=lambda s: s.map(normalize), kind="stable")


def labelling_dates(values: pd.Series) -> pd.Series:
    """Dates from ``Espace labellisé 01/01/2020`` texts (NaT when there is none)."""
    found = values.fillna("").astype(str).str.extract(r"(\d{2}/\d{2}/\d{4})", expand=False)
    return pd.to_datetime(found, format="%d/%m/%Y", errors="coerce")


def sites_table(sites: pd.DataFrame, warnings: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """One row per site with French headers (``TABLE_COLUMNS``).

    ``warnings`` holds what the data-quality checks found, by site id
    (``inputs.quality.site_warnings``): those rows carry it in column ``Alerte qualité``.
    """
    warnings = warnings or {}
    address = (sites["adresse"].fillna("") + " " + sites["complement_adresse"].fillna("")).str.strip()
    table = pd.DataFrame({
        "Nom": sites["lib_fs"],
        "Adresse": address,
        "Commune": sites["lib_com"],
        "Code postal": sites["code_postal"],
        "Type": sites["type_fs"],
        "Format": sites["format_fs"].map(lambda f: FORMAT_LABELS.get(f, f)),
        "Groupe": sites["groupe_fs"],
        "Labellisation": labelling_dates(sites["labellisation_fs"]),
        "Prise de RDV": sites["prise_rdv"],
        "Téléphone": sites["telephone"],
        "Courriel": sites["mail"],
        **{day: sites[col].fillna("").str.strip() for day, col in zip(DAYS_FR, HOURS_COLUMNS)},
        QUALITY_COLUMN: sites["id_fs"].map(lambda i: "⚠ " + " ; ".join(warnings[i]) if i in warnings else ""),
        "Identifiant": sites["id_fs"],
    }, columns=list(TABLE_COLUMNS))
    return table.reset_index(drop=True)


def search_table(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows where any text cell contains ``query`` (accent- and case-insensitive)."""
    q = normalize(query or "")
    if not q:
        return table
    text = table.astype(str).map(normalize)
    mask = text.apply(lambda column: column.str.contains(q, regex=False)).any(axis=1)
    return table.loc[mask]


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figures:
    """Figures of one territory (a département or the whole country)."""

    sites: int
    by_format: dict[str, int]  # every known format, zero included
    itinerant: int
    etp: float
    territories: int = 1

    @property
    def itinerant_share(self) -> float | None:
        return self.itinerant / self.sites if self.sites else None

    @property
    def sites_per_etp(self) -> float | None:
        return self.sites / self.etp if self.etp > 0 else None

    @property
    def sites_per_territory(self) -> float:
        return self.sites / self.territories if self.territories else 0.0

    def format_share(self, fmt: str) -> float | None:
        return self.by_format.get(fmt, 0) / self.sites if self.sites else None


def figures_of(sites: pd.DataFrame, etp: float, territories: int = 1) -> Figures:
    counts = sites["format_fs"].value_counts()
    by_format = {f: int(counts.get(f, 0)) for f in FORMAT_LABELS}
    by_format.update({str(f): int(n) for f, n in counts.items() if f not in by_format})
    return Figures(
        sites=len(sites),
        by_format=by_format,
        itinerant=int(sites["format_fs"].isin(ITINERANT_FORMATS).sum()),
        etp=float(etp),
        territories=territories,
    )


def record_etp(records: pd.DataFrame) -> pd.Series:
    """ETP per record: the stored value, else the one its status implies."""
    stored = pd.to_numeric(records["etp"], errors="coerce")
    return stored.fillna(records["statut"].map(STATUS_ETP)).fillna(0.0)


@dataclass(frozen=True)
class Rank:
    position: int  # 1 = most sites
    total: int
    tied: bool

    @property
    def ordinal(self) -> str:
        return "1er" if self.position == 1 else f"{self.position}e"

    def text(self) -> str:
        return f"{self.ordinal} sur {self.total}" + (" (ex æquo)" if self.tied else "")


def site_rank(sites: pd.DataFrame, code: str, codes=None) -> Rank:
    """Rank of ``code`` by number of sites among ``codes`` (every territory of the
    reference by default, Saint-Martin included); ties share the best rank."""
    codes = list(DEPARTEMENTS) if codes is None else list(codes)
    counts = sites["insee_dep"].value_counts().reindex(codes, fill_value=0)
    mine = int(counts.get(code, 0))
    return Rank(position=int((counts > mine).sum()) + 1, total=len(codes), tied=int((counts == mine).sum()) > 1)


@dataclass(frozen=True)
class Comparison:
    code: str
    departement: Figures
    national: Figures
    rank: Rank

    def rows(self) -> list[tuple[str, str, str]]:
        """(indicator, département, France entière) as French text."""
        d, n = self.departement, self.national

        def share(value):
            return formatting.percent(value, 1) if value is not None else "–"

        def ratio(value):
            return formatting.number(value, 1) if value is not None else "–"

        rows = [
            ("Sites France services", formatting.number(d.sites),
             f"{formatting.number(n.sites)} (moyenne {formatting.number(n.sites_per_territory, 1)} par territoire)"),
            ("Rang pour le nombre de sites", self.rank.text(), "–"),
        ]
        for fmt, label in FORMAT_LABELS.items():
            rows.append((f"Format {label}",
                         f"{formatting.number(d.by_format.get(fmt, 0))} ({share(d.format_share(fmt))})",
                         f"{formatting.number(n.by_format.get(fmt, 0))} ({share(n.format_share(fmt))})"))
        rows += [
            ("Part des sites itinérants (bus, itinérante)", share(d.itinerant_share), share(n.itinerant_share)),
            ("ETP d'animation", formatting.etp(d.etp), formatting.etp(n.etp)),
            ("Sites par ETP d'animation", ratio(d.sites_per_etp), ratio(n.sites_per_etp)),
        ]
        return rows

    def frame(self, name: str) -> pd.DataFrame:
        return pd.DataFrame(self.rows(), columns=["Indicateur", name, "France entière"])


def compare(code: str, sites: pd.DataFrame, records: pd.DataFrame) -> Comparison:
    """The figures of ``code`` beside the national ones (all sites, all records)."""
    etp = record_etp(records)
    mine = records["departement"] == code
    return Comparison(
        code=code,
        departement=figures_of(sites.loc[sites["insee_dep"] == code], float(etp[mine].sum())),
        national=figures_of(sites, float(etp.sum()), territories=len(records)),
        rank=site_rank(sites, code),
    )


# --------------------------------------------------------------------------- facilitator record


def field_text(field: str, value) -> str:
    """A registry value as French text (dates, euros, ETP); « – » when empty."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if field in ("date_debut", "date_convention", "date_effet"):
        if isinstance(value, (date, datetime)) or isinstance(value, str):
            try:
                return formatting.day(value)
            except ValueError:
                return str(value)
    if field == "financement_annuel":
        try:
            return formatting.euros(float(value))
        except ValueError:
            return str(value)
    if field == "etp":
        try:
            return formatting.etp(float(value))
        except ValueError:
            return str(value)
    return str(value)


def _in_force_since(record: dict) -> str:
    """The start of the period the card shows: a date, « une date inconnue », or « – » without any period."""
    start = record.get("date_debut")
    if start is not None and not (isinstance(start, float) and math.isnan(start)):
        return field_text("date_debut", start)
    period = record.get("periode_id")
    known = period is not None and not (not isinstance(period, (int, str)) and pd.isna(period))
    return "une date inconnue" if known else "–"


def card_rows(record: dict, show_personal: bool) -> list[tuple[str, str]]:
    """The facilitator card as (label, text) pairs; personal data only when allowed."""
    rows = [
        ("Statut", record.get("statut") or "–"),
        ("Temps de travail", f"{field_text('etp', record.get('etp'))} ETP"),
        ("Structure porteuse", field_text("structure_porteuse", record.get("structure_porteuse"))),
        ("Type de structure", field_text("type_structure", record.get("type_structure"))),
        ("En vigueur depuis", _in_force_since(record)),
        ("Signature de la convention", field_text("date_convention", record.get("date_convention"))),
        ("Financement annuel", field_text("financement_annuel", record.get("financement_annuel"))),
        ("Commentaire", field_text("commentaire", record.get("commentaire"))),
    ]
    if show_personal:
        rows += [(FIELD_LABELS[f], field_text(f, record.get(f))) for f in PERSONAL_FIELDS]
    updated = record.get("updated_at")
    if updated is not None:
        by = record.get("updated_by") or "auteur inconnu"
        if by == DEMO_AUTHOR:  # loaded by the command line: no person to name
            rows.append(("Dernière modification", f"{formatting.moment(updated)}, {DEMO_AUTHOR}"))
        else:
            rows.append(("Dernière modification", f"{formatting.moment(updated)} par {by}"))
    else:
        rows.append(("Dernière modification", "jamais modifiée"))
    return rows


def history_table(history: pd.DataFrame, show_personal: bool) -> pd.DataFrame:
    """The history of a record in French, newest first, with the period each dated
    field's row is about (« à partir du … »); personal values masked when not
    allowed (the change itself stays visible)."""
    columns = ["Date", "Auteur", "Action", "Champ", "Période", "Avant", "Après"]
    if history.empty:
        return pd.DataFrame(columns=columns)

    def period(row) -> str:  # the period a dated field's row is about (issue 11)
        start = row.get("date_effet")
        if start is None or (not isinstance(start, (date, datetime, str)) and pd.isna(start)):
            return ""
        return f"à partir du {formatting.day(start)}"

    def value(row, which):
        if row["field"] in PERSONAL_FIELDS and not show_personal:
            return MASKED if row[which] not in (None, "") else "–"
        return field_text(row["field"], row[which])

    rows = [
        (formatting.moment(_as_datetime(row["changed_at"])), row["author"], row["action"],
         FIELD_LABELS.get(row["field"], row["field"]), period(row), value(row, "before"), value(row, "after"))
        for _, row in history.iterrows()
    ]
    return pd.DataFrame(rows, columns=columns)


def history_moments(history: pd.DataFrame) -> pd.Series:
    """When each row of ``history`` was recorded, in Paris time: ``history_table``'s « Date »
    as dates and times, for a spreadsheet (same rows, same order)."""
    return pd.Series([formatting.paris_moment(_as_datetime(v)) for v in history["changed_at"]],
                     dtype="datetime64[ns]")


def _as_datetime(value) -> datetime | None:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


# --------------------------------------------------------------------------- map


def sites_bounds(sites: pd.DataFrame, margin: float = 0.02) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((south, west), (north, east)) around the sites, for a territory without a contour."""
    if sites.empty:
        return None
    lat, lon = sites["latitude"].astype(float), sites["longitude"].astype(float)
    return (float(lat.min()) - margin, float(lon.min()) - margin), (float(lat.max()) + margin,
                                                                    float(lon.max()) + margin)
