"""Budget simulator: what the facilitator posts cost, month by month.

Pure computation (NumPy/pandas): no Streamlit, no database. The rules:

- each territory has, each month of the horizon, a time share in force (0, 0.5 or 1 ETP);
  the State pays the annual flat contribution for that share divided by 12;
- the starting share comes from the facilitator status (``STATUS_SHARE``);
- the scenario gives each territory a switch month (per-département month, else wave
  month, else the global switch): a half-time post is full time from that month on; a
  territory with no facilitator is recruited at full time ``delay_months`` later and, if
  ``pay_vacancy``, the contribution is paid during that vacancy as if the post were filled;
- the host structure pays the loaded employer cost for the share minus the State's
  contribution, never below zero;
- the baseline (status quo) keeps every starting share for the whole horizon.

Amounts are accumulated as "annual rate x months" and divided by 12 once, so that whole-euro
inputs give exact totals. Bad input raises ``AssumptionError`` with a French message.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fsdash.domain import formatting
from fsdash.domain.territories import DEPARTEMENTS, REGIONS, normalize
from fsdash.inputs import spreadsheets as exports

STATUS_SHARE: dict[str, float] = {
    "non renseigné": 0.0,
    "aucun": 0.0,
    "recrutement en cours": 0.0,
    "mi-temps": 0.5,
    "temps plein": 1.0,
}

DEFAULT_START = "2023-01"
DEFAULT_END = "2027-12"
DEFAULT_SWITCH = "2024-01"
DEFAULT_DELAY = 3
DEFAULT_HALF = 25_000.0
DEFAULT_FULL = 50_000.0
DEFAULT_EMPLOYER_COST = 45_000.0
EMPLOYER_COST_NOTE = (
    "Hypothèse de travail, pas un chiffre officiel : aucune source publique ne donne le coût employeur "
    "d'un animateur départemental. 45 000 € par an correspond à environ 2 600 € brut par mois chargés "
    "à environ 45 %, ordre de grandeur d'un poste de catégorie B ou d'un emploi associatif équivalent."
)
MAX_HORIZON_MONTHS = 600

MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)

_MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})")
_STATUS_BY_KEY = {normalize(s): s for s in STATUS_SHARE}
_REGION_CODES: dict[str, tuple[str, ...]] = {
    r: tuple(c for c, d in DEPARTEMENTS.items() if d.region_code == r) for r in REGIONS
}
_REGION_BY_KEY: dict[str, str] = {normalize(name): code for code, name in REGIONS.items()} | {
    f"r{code}": code for code in REGIONS
}


class AssumptionError(ValueError):
    """Input that makes no sense; the message is in French and names the culprit."""


# --------------------------------------------------------------------------- months


def parse_month(text, what: str = "Le mois") -> int:
    """``'2024-01'`` → an absolute month index (year × 12 + month − 1)."""
    match = _MONTH_RE.fullmatch(str(text).strip()) if text is not None else None
    if not match or not 1 <= int(match[2]) <= 12:
        raise AssumptionError(f"{what} est invalide : « {text} » (format attendu AAAA-MM, par exemple 2024-01).")
    return int(match[1]) * 12 + int(match[2]) - 1


def month_text(index: int) -> str:
    """An absolute month index → ``'2024-01'``."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_label(month: str | int) -> str:
    """``'2024-01'`` or its index → ``'janvier 2024'``."""
    index = parse_month(month) if isinstance(month, str) else int(month)
    return f"{MONTH_NAMES[index % 12]} {index // 12}"


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` included, as ``'YYYY-MM'``."""
    return [month_text(i) for i in range(parse_month(first), parse_month(last) + 1)]


# --------------------------------------------------------------------------- assumptions


@dataclass
class Assumptions:
    """Every assumption of a scenario; months are ``'YYYY-MM'``.

    ``waves`` is a list of ``(zones, month)`` where each zone is a département code,
    a région name or a région code prefixed with R (``R53``): bare région codes would
    clash with département codes (``11`` is both Aude and Île-de-France).
    """

    start: str = DEFAULT_START
    end: str = DEFAULT_END
    switch: str | None = DEFAULT_SWITCH
    per_departement: dict[str, str] = field(default_factory=dict)
    waves: list[tuple[list[str], str]] = field(default_factory=list)
    delay_months: int = DEFAULT_DELAY
    half_amount: float = DEFAULT_HALF
    full_amount: float = DEFAULT_FULL
    employer_cost: float = DEFAULT_EMPLOYER_COST
    pay_vacancy: bool = False

    def to_dict(self) -> dict:
        """A JSON-safe dict (for the database, the URL and exports)."""
        return {
            "start": self.start,
            "end": self.end,
            "switch": self.switch or None,
            "per_departement": dict(self.per_departement),
            "waves": [{"zones": list(zones), "month": month} for zones, month in self.waves],
            "delay_months": self.delay_months,
            "half_amount": self.half_amount,
            "full_amount": self.full_amount,
            "employer_cost": self.employer_cost,
            "pay_vacancy": bool(self.pay_vacancy),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Assumptions:
        """The inverse of ``to_dict``; missing keys take their default."""
        if not isinstance(data, dict):
            raise AssumptionError("Hypothèses illisibles : un objet JSON est attendu.")
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        waves = known.get("waves") or []
        try:
            known["waves"] = [(list(w["zones"]), w["month"]) if isinstance(w, dict) else (list(w[0]), w[1])
                              for w in waves]
        except (KeyError, IndexError, TypeError):
            raise AssumptionError("Hypothèses illisibles : vagues mal formées.") from None
        known["per_departement"] = dict(known.get("per_departement") or {})
        return cls(**known)


def _amount(value, label: str) -> float:
    try:
        amount = float(value)
    except (TypeError, ValueError):
        raise AssumptionError(f"{label} n'est pas un montant valide : « {value} ».") from None
    if not math.isfinite(amount):
        raise AssumptionError(f"{label} n'est pas un montant valide : « {value} ».")
    if amount < 0:
        raise AssumptionError(f"{label} ne peut pas être un montant négatif ({formatting.euros(amount)}).")
    return amount


def _delay(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise AssumptionError(f"Le délai de recrutement doit être un nombre entier de mois : « {value} ».")
    if value != int(value):
        raise AssumptionError(f"Le délai de recrutement doit être un nombre entier de mois : « {value} ».")
    if value < 0:
        raise AssumptionError(f"Le délai de recrutement ne peut pas être négatif ({int(value)} mois).")
    if value > MAX_HORIZON_MONTHS:
        raise AssumptionError(f"Le délai de recrutement est trop long ({int(value)} mois).")
    return int(value)


def _horizon(a: Assumptions) -> tuple[int, int]:
    start = parse_month(a.start, "Le début de l'horizon")
    end = parse_month(a.end, "La fin de l'horizon")
    if start > end:
        raise AssumptionError(
            f"Le début de l'horizon ({month_label(start)}) est après sa fin ({month_label(end)})."
        )
    if end - start + 1 > MAX_HORIZON_MONTHS:
        raise AssumptionError(f"L'horizon dépasse {MAX_HORIZON_MONTHS // 12} ans.")
    return start, end


def _in_horizon(text, what: str, horizon: tuple[int, int]) -> int:
    month = parse_month(text, what)
    start, end = horizon
    if not start <= month <= end:
        raise AssumptionError(
            f"{what} ({month_label(month)}) est hors de l'horizon "
            f"({month_label(start)} – {month_label(end)})."
        )
    return month


# --------------------------------------------------------------------------- zones


def departement_code(text) -> str | None:
    """A département code as typed (``7``, ``2a``, `` 35 ``) → its reference code, or None."""
    code = str(text).strip().upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    return code if code in DEPARTEMENTS else None


def resolve_zone(token) -> tuple[tuple[str, ...], bool] | None:
    """The codes a wave entry designates and whether it names a département
    (rather than a région); None when unknown."""
    code = departement_code(token)
    if code is not None:
        return (code,), True
    region = _REGION_BY_KEY.get(normalize(str(token)).replace(" ", ""))
    region = region or _REGION_BY_KEY.get(normalize(str(token)))
    return (_REGION_CODES[region], False) if region else None


def zone_label(token) -> str:
    """« Région Bretagne » or « 35 – Ille-et-Vilaine »."""
    resolved = resolve_zone(token)
    if resolved is None:
        return str(token)
    codes, is_departement = resolved
    if is_departement:
        return DEPARTEMENTS[codes[0]].label
    return f"Région {DEPARTEMENTS[codes[0]].region}"


def zone_options() -> list[str]:
    """Every wave entry a user can pick: régions (``R53``) then départements."""
    regions = sorted(REGIONS, key=lambda r: normalize(REGIONS[r]))
    return [f"R{r}" for r in regions] + list(DEPARTEMENTS)


def _wave_months(waves, horizon) -> dict[str, int]:
    levels: tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]] = ({}, {})  # régions, départements
    for number, (zones, month_value) in enumerate(waves, start=1):
        month = _in_horizon(month_value, f"Le mois de la vague {number}", horizon)
        if not zones:
            raise AssumptionError(f"La vague {number} ne désigne aucun département ni aucune région.")
        for token in zones:
            resolved = resolve_zone(token)
            if resolved is None:
                raise AssumptionError(f"Département ou région inconnu dans la vague {number} : « {token} ».")
            codes, is_departement = resolved
            for code in codes:
                _claim(levels[is_departement], code, number, month)
    return {c: m for c, (_, m) in levels[0].items()} | {c: m for c, (_, m) in levels[1].items()}


def _claim(level: dict[str, tuple[int, int]], code: str, number: int, month: int) -> None:
    previous = level.get(code)
    if previous is not None and previous[1] != month:
        raise AssumptionError(
            f"Le département {DEPARTEMENTS[code].label} figure dans deux vagues à des mois différents "
            f"(vague {previous[0]} : {month_label(previous[1])}, vague {number} : {month_label(month)})."
        )
    level[code] = (number, month)


def _departement_months(per_departement: dict, horizon) -> dict[str, int]:
    months = {}
    for raw, month_value in per_departement.items():
        code = departement_code(raw)
        if code is None:
            raise AssumptionError(f"Département inconnu dans les dates par département : « {raw} ».")
        months[code] = _in_horizon(month_value, f"Le mois propre au département {DEPARTEMENTS[code].label}", horizon)
    return months


@dataclass(frozen=True)
class Plan:
    """Validated assumptions: horizon as absolute month indexes and the switch month of each code."""

    start: int
    end: int
    switch: dict[str, int]
    delay: int
    half: float
    full: float
    employer: float
    pay_vacancy: bool

    @property
    def months(self) -> int:
        return self.end - self.start + 1


def make_plan(a: Assumptions) -> Plan:
    """Check every assumption and resolve the switch month of each territory
    (per-département month > wave month > global switch)."""
    horizon = _horizon(a)
    switch: dict[str, int] = {}
    if a.switch:
        switch = dict.fromkeys(DEPARTEMENTS, _in_horizon(a.switch, "Le mois de passage à temps plein", horizon))
    switch |= _wave_months(a.waves or [], horizon)
    switch |= _departement_months(a.per_departement or {}, horizon)
    return Plan(
        start=horizon[0],
        end=horizon[1],
        switch=switch,
        delay=_delay(a.delay_months),
        half=_amount(a.half_amount, "La contribution annuelle pour 0,5 ETP"),
        full=_amount(a.full_amount, "La contribution annuelle pour 1 ETP"),
        employer=_amount(a.employer_cost, "Le coût employeur chargé d'1 ETP"),
        pay_vacancy=bool(a.pay_vacancy),
    )


def start_shares(statuses: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Codes in reference order and their normalised statuses; French errors on unknowns."""
    if not statuses:
        raise AssumptionError("La situation de départ ne contient aucun département.")
    clean: dict[str, str] = {}
    for raw, status in statuses.items():
        code = departement_code(raw)
        if code is None:
            raise AssumptionError(f"Département inconnu dans la situation de départ : « {raw} ».")
        known = _STATUS_BY_KEY.get(normalize(str(status or "")))
        if known is None:
            allowed = ", ".join(STATUS_SHARE)
            raise AssumptionError(
                f"Statut inconnu pour le département {DEPARTEMENTS[code].label} : « {status} » "
                f"(valeurs admises : {allowed})."
            )
        clean[code] = known
    return [c for c in DEPARTEMENTS if c in clean], clean


# --------------------------------------------------------------------------- engine


@dataclass
class Result:
    """Simulation output. Amounts are euros over the horizon (or the year)."""

    assumptions: Assumptions
    yearly: pd.DataFrame  # one row per year
    per_departement: pd.DataFrame  # one row per territory, reference order
    per_region: pd.DataFrame  # one row per région, alphabetical
    monthly: pd.DataFrame  # one row per month: posts and ETP
    totals: dict = field(default_factory=dict)


def _shares(base: np.ndarray, switch: np.ndarray, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """Share in force (N × M) and vacancy mask for the scenario."""
    month = np.arange(plan.months)[None, :]
    k = switch[:, None]
    recruited = month >= k + plan.delay
    half = base[:, None] == 0.5
    zero = base[:, None] == 0.0
    share = np.where(half, np.where(month >= k, 1.0, 0.5), np.where(zero, np.where(recruited, 1.0, 0.0), 1.0))
    vacancy = zero & (month >= k) & ~recruited
    return share, vacancy


def _rates(share: np.ndarray, plan: Plan, vacancy: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Annual-rate State contribution and host cost for each cell of ``share``."""
    state = np.where(share == 1.0, plan.full, np.where(share == 0.5, plan.half, 0.0))
    if vacancy is not None and plan.pay_vacancy:
        state = np.where(vacancy, plan.full, state)
    host = np.maximum(plan.employer * share - state, 0.0)
    return state, host


AMOUNT_COLUMNS = (
    "state", "host", "total", "baseline_state", "baseline_host", "baseline_total",
    "diff_state", "diff_host", "diff_total",
)


def simulate(statuses: dict[str, str], assumptions: Assumptions,
             sites_per_dep: dict[str, int] | None = None) -> Result:
    """Run the scenario and its baseline for the territories in ``statuses``
    (code → facilitator status). ``sites_per_dep`` gives the France services sites
    per code for the cost per site (None: unknown)."""
    plan = make_plan(assumptions)
    codes, clean = start_shares(statuses)
    base = np.array([STATUS_SHARE[clean[c]] for c in codes])
    far = plan.months + plan.delay + 1
    switch = np.array([plan.switch[c] - plan.start if c in plan.switch else far for c in codes])
    share, vacancy = _shares(base, switch, plan)
    state, host = _rates(share, plan, vacancy)
    base_state, base_host = _rates(base, plan)
    months = np.arange(plan.start, plan.end + 1)
    years, first, counts = np.unique(months // 12, return_index=True, return_counts=True)
    full = share == 1.0
    yearly = _amounts(np.add.reduceat(state.sum(axis=0), first) / 12, np.add.reduceat(host.sum(axis=0), first) / 12,
                      base_state.sum() * counts / 12, base_host.sum() * counts / 12)
    areas = _amounts(state.sum(axis=1) / 12, host.sum(axis=1) / 12,
                     base_state * plan.months / 12, base_host * plan.months / 12)
    sites = np.array([sites_per_dep.get(c, 0) for c in codes], dtype=float) if sites_per_dep is not None \
        else np.full(len(codes), np.nan)
    per_dep = _per_departement(codes, clean, switch, full, plan, areas, sites)
    totals = _totals(yearly, full, months, years, first, sites)
    return Result(
        assumptions=assumptions,
        yearly=pd.DataFrame({"year": years, "months": counts, **yearly,
                             "full_time_end": full.sum(axis=0)[first + counts - 1]}),
        per_departement=per_dep,
        per_region=_per_region(codes, areas, sites),
        monthly=_monthly(months, share, vacancy, base),
        totals=totals,
    )


def _amounts(state, host, baseline_state, baseline_host) -> dict[str, np.ndarray]:
    """The nine amount columns, in ``AMOUNT_COLUMNS`` order."""
    total, baseline_total = state + host, baseline_state + baseline_host
    return {
        "state": state, "host": host, "total": total,
        "baseline_state": baseline_state, "baseline_host": baseline_host, "baseline_total": baseline_total,
        "diff_state": state - baseline_state, "diff_host": host - baseline_host, "diff_total": total - baseline_total,
    }


def _per_site(amounts: dict[str, np.ndarray], sites: np.ndarray) -> dict[str, object]:
    known = np.where(sites > 0, sites, np.nan)
    return {
        "sites": pd.array(sites, dtype="Int64"),
        "state_per_site": amounts["state"] / known,
        "total_per_site": amounts["total"] / known,
    }


def _per_departement(codes, clean, switch, full, plan, amounts, sites) -> pd.DataFrame:
    full_from = np.where(full.any(axis=1), full.argmax(axis=1) + plan.start, -1)
    deps = [DEPARTEMENTS[c] for c in codes]
    return pd.DataFrame({
        "code": codes,
        "nom": [d.nom for d in deps],
        "region_code": [d.region_code for d in deps],
        "region": [d.region for d in deps],
        "statut": [clean[c] for c in codes],
        "start_share": [STATUS_SHARE[clean[c]] for c in codes],
        "switch": [month_text(s + plan.start) if s < plan.months else None for s in switch],
        "full_time_from": [month_text(m) if m >= 0 else None for m in full_from],
        **amounts,
        **_per_site(amounts, sites),
    })


def _per_region(codes, amounts, sites) -> pd.DataFrame:
    regions = np.array([DEPARTEMENTS[c].region_code for c in codes])
    keys, inverse = np.unique(regions, return_inverse=True)
    order = sorted(range(len(keys)), key=lambda i: normalize(REGIONS[keys[i]]))
    summed = {k: np.bincount(inverse, weights=v)[order] for k, v in amounts.items()}
    known = ~np.isnan(sites)
    region_sites = np.bincount(inverse, weights=np.where(known, sites, 0))[order]
    region_known = np.bincount(inverse, weights=known)[order] > 0
    region_sites = np.where(region_known, region_sites, np.nan)
    return pd.DataFrame({
        "region_code": keys[order],
        "region": [REGIONS[k] for k in keys[order]],
        "departements": np.bincount(inverse)[order],
        **summed,
        **_per_site(summed, region_sites),
    })


def _monthly(months, share, vacancy, base) -> pd.DataFrame:
    return pd.DataFrame({
        "month": [month_text(m) for m in months],
        "full_time": (share == 1.0).sum(axis=0),
        "half_time": (share == 0.5).sum(axis=0),
        "vacant": vacancy.sum(axis=0),
        "etp": share.sum(axis=0),
        "baseline_full_time": np.full(len(months), int((base == 1.0).sum())),
        "baseline_etp": np.full(len(months), float(base.sum())),
    })


def _totals(yearly, full, months, years, first, sites) -> dict:
    totals: dict = {k: float(v.sum()) for k, v in yearly.items()}
    all_full = full.all(axis=0)
    totals["first_full_month"] = month_text(int(months[all_full.argmax()])) if all_full.any() else None
    # the first calendar year whose months within the horizon all have every territory at full time
    full_years = np.minimum.reduceat(all_full.astype(int), first) == 1
    totals["first_full_year"] = int(years[full_years.argmax()]) if full_years.any() else None
    known = not np.isnan(sites).all()
    totals["sites"] = int(np.nansum(sites)) if known else None
    totals["state_per_site"] = totals["state"] / totals["sites"] if totals["sites"] else None
    totals["total_per_site"] = totals["total"] / totals["sites"] if totals["sites"] else None
    totals["departements"] = len(sites)
    return totals


# --------------------------------------------------------------------------- presentation


YEARLY_LABELS: dict[str, str] = {
    "year": "Année",
    "months": "Mois dans l'horizon",
    "state": "Coût État (€)",
    "host": "Coût structures porteuses (€)",
    "total": "Coût total (€)",
    "baseline_state": "Statu quo : coût État (€)",
    "baseline_host": "Statu quo : coût structures porteuses (€)",
    "baseline_total": "Statu quo : coût total (€)",
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
    "statut": "Statut de départ",
    "start_share": "ETP de départ",
    "switch": "Mois de bascule",
    "full_time_from": "Temps plein à partir de",
    **{k: v for k, v in YEARLY_LABELS.items() if k in AMOUNT_COLUMNS},
    "sites": "Sites France services",
    "state_per_site": "Coût État par site (€)",
    "total_per_site": "Coût total par site (€)",
}


STATUS_PLURALS: dict[str, str] = {
    "mi-temps": "à mi-temps",
    "temps plein": "à temps plein",
    "aucun": "sans animateur",
    "recrutement en cours": "en recrutement",
    "non renseigné": "non renseignés",
}


def situation_text(per_departement: pd.DataFrame) -> str:
    """« 101 territoires : 28 sans animateur, 73 à mi-temps »."""
    counts = per_departement["statut"].value_counts()
    parts = ", ".join(f"{counts[s]} {STATUS_PLURALS[s]}" for s in STATUS_SHARE if counts.get(s, 0))
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
    ]
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
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in export_sheets(result).items():
            exports.safe_frame(table).to_excel(writer, sheet_name=name, index=False)
            _format_sheet(writer.sheets[name], list(table.columns))
    return buffer.getvalue()


def _format_sheet(sheet, headers: list[str]) -> None:
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(len(str(header)) + 2, 45))
        if str(header).endswith("(€)"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = '#,##0 "€"'


def export_csv(result: Result, sheet: str) -> bytes:
    """One export table as CSV for a French spreadsheet: semicolons, decimal
    commas, UTF-8 with a byte-order mark."""
    return exports.to_csv_bytes(export_sheets(result)[sheet])
