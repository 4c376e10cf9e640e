"""The simulator's results as French tables and files: labels, the assumptions
table, yearly and per-area tables, XLSX and CSV exports."""

from __future__ import annotations

from datetime import date

import pandas as pd

from fsdash.budget.assumptions import UNKNOWN_EXCLUDE, Assumptions, month_label, zone_label
from fsdash.budget.simulator import AMOUNT_COLUMNS, Result
from fsdash.domain import formatting
from fsdash.domain.statuses import STATUS_ETP, STATUS_PLURALS
from fsdash.inputs import spreadsheets

YEARLY_LABELS: dict[str, str] = {
    "year": "Année",
    "months": "Mois dans l'horizon",
    "state": "Coût État (€)",
    "host": "Coût structures porteuses (€)",
    "total": "Coût total (€)",
    "baseline_state": "Référence : coût État (€)",
    "baseline_host": "Référence : coût structures porteuses (€)",
    "baseline_total": "Référence : coût total (€)",
    "diff_state": "Écart État (€)",
    "diff_host": "Écart structures porteuses (€)",
    "diff_total": "Écart total (€)",
    "full_time_end": "Postes à temps plein en fin d'année",
}

AREA_LABELS: dict[str, str] = {
    "code": "Code",
    "nom": "Département",
    "region_code": "Code région",
    "region": "Région",
    "departements": "Départements",
    "statut": "Statut à la date d'arrêt",
    "start_share": "ETP à la date d'arrêt",
    "switch": "Mois de bascule",
    "full_time_from": "Temps plein à partir de",
    **{k: v for k, v in YEARLY_LABELS.items() if k in AMOUNT_COLUMNS},
    "sites": "Sites France services",
    "state_per_site": "Coût État par site (€)",
    "total_per_site": "Coût total par site (€)",
}


UNKNOWN_LISTED = 12  # codes named in the unknown territories' sentence


def reference_text(totals: dict) -> str:
    """« jusqu'au 01/12/2026, puis statu quo » (what happened up to the cut-off date)."""
    cutoff = date.fromisoformat(totals["cutoff"])
    return f"ce qui s'est passé jusqu'au {formatting.day(cutoff)}, puis statu quo (chacun garde son dernier statut)"


def unknown_text(totals: dict) -> str:
    """How many territories are « non renseigné » on the horizon, and what was done with them."""
    count = totals["unknown_territories"]
    if not count:
        return "Aucun territoire « non renseigné » sur l'horizon."
    what = (f"{totals['left_out']} laissé(s) de côté faute de tout statut connu ; leurs mois non renseignés ne "
            "sont jamais chiffrés" if totals["unknown"] == UNKNOWN_EXCLUDE
            else "leurs mois non renseignés sont comptés comme sans animateur")
    codes = totals["unknown_codes"]
    which = ", ".join(codes[:UNKNOWN_LISTED]) + (" …" if len(codes) > UNKNOWN_LISTED else "")
    return f"{count} territoire(s) « non renseigné(s) » sur au moins un mois de l'horizon ({which}) : {what}."


def situation_text(per_departement: pd.DataFrame) -> str:
    """« 101 territoires : 28 sans animateur, 73 à mi-temps »."""
    counts = per_departement["statut"].value_counts()
    parts = ", ".join(f"{counts[s]} {STATUS_PLURALS[s]}" for s in STATUS_ETP if counts.get(s, 0))
    return f"{len(per_departement)} territoires : {parts}"


def assumptions_table(a: Assumptions) -> pd.DataFrame:
    """The assumptions as a two-column French table (Hypothèse, Valeur)."""
    rows = [
        ("Début de l'horizon", month_label(a.start)),
        ("Fin de l'horizon", month_label(a.end)),
        ("Passage à temps plein (tous départements)", month_label(a.switch) if a.switch else "aucun"),
        ("Délai de recrutement (mois)", str(a.delay_months)),
        ("Contribution de l'État pour 0,5 ETP (par an)", formatting.euros(a.half_amount)),
        ("Contribution de l'État pour 1 ETP (par an)", formatting.euros(a.full_amount)),
        ("Coût employeur chargé d'1 ETP (par an, hypothèse)", formatting.euros(a.employer_cost)),
        ("Contribution versée pendant la vacance", "oui" if a.pay_vacancy else "non"),
        ("Date d'arrêt du réalisé", formatting.day(date.fromisoformat(a.cutoff)) if a.cutoff else "aujourd'hui"),
        ("Territoires non renseignés", "laissés de côté" if a.unknown_treatment == UNKNOWN_EXCLUDE
         else "comptés comme sans animateur"),
    ]
    for month, half, full in a.contribution_changes:
        rows.append((f"Contributions à partir de {month_label(month)}",
                     f"{formatting.euros(half)} pour 0,5 ETP, {formatting.euros(full)} pour 1 ETP"))
    for zones, month in a.half_time_returns:
        rows.append((f"Retour à mi-temps en {month_label(month)}", ", ".join(zone_label(z) for z in zones)))
    for number, (zones, month) in enumerate(a.waves, start=1):
        rows.append((f"Vague {number} : {month_label(month)}", ", ".join(zone_label(z) for z in zones)))
    for code, month in sorted(a.per_departement.items()):
        rows.append((f"Date propre : {zone_label(code)}", month_label(month)))
    return pd.DataFrame(rows, columns=["Hypothèse", "Valeur"])


def yearly_table(result: Result) -> pd.DataFrame:
    """Yearly results with French headers, and a total row."""
    frame = result.yearly.drop(columns=["months"]).astype({"year": str, "full_time_end": "Int64"})
    total = {k: frame[k].sum() for k in AMOUNT_COLUMNS} | {"year": "Total"}
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    return frame.rename(columns=YEARLY_LABELS)


def area_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A per-département or per-région frame with French headers, amounts to the cent."""
    money = [c for c in frame.columns if c in AMOUNT_COLUMNS or c.endswith("_per_site")]
    return frame.round(dict.fromkeys(money, 2)).rename(columns=AREA_LABELS)


def export_sheets(result: Result) -> dict[str, pd.DataFrame]:
    """The export tables, by sheet name."""
    return {
        "Hypothèses": assumptions_table(result.assumptions),
        "Résultats annuels": yearly_table(result),
        "Par département": area_table(result.per_departement),
        "Par région": area_table(result.per_region),
    }


def export_xlsx(result: Result) -> bytes:
    """An XLSX workbook, one sheet per export table, amounts formatted as euros."""
    return spreadsheets.to_xlsx_bytes(export_sheets(result))


def export_csv(result: Result, sheet: str) -> bytes:
    """One export table as CSV for a French spreadsheet: semicolons, decimal
    commas, UTF-8 with a byte-order mark."""
    return spreadsheets.to_csv_bytes(export_sheets(result)[sheet])


def signed_euros(value: float) -> str:
    """« +125 000 € », « -3 000 € », « 0 € »."""
    return ("+" if round(value) > 0 else "") + formatting.euros(value)


def first_full_text(totals: dict) -> str:
    """The first calendar year with every post at full time, or « aucune sur l'horizon »."""
    if totals["first_full_year"]:
        return str(totals["first_full_year"])
    return "aucune sur l'horizon"
