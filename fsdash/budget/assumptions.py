"""The simulator's assumptions: months, zones (départements, régions, waves), and
their checking into a ``Plan``. Bad input raises ``AssumptionError`` with a French
message naming the culprit. Every value here is an assumption the user may change,
never an official figure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from fsdash.domain import formatting
from fsdash.domain.statuses import FLAT_CONTRIBUTION
from fsdash.domain.territories import DEPARTEMENTS, REGIONS, normalize

DEFAULT_START = "2023-01"
DEFAULT_END = "2027-12"
DEFAULT_SWITCH = "2024-01"
DEFAULT_DELAY = 3
DEFAULT_HALF = FLAT_CONTRIBUTION[0.5]
DEFAULT_FULL = FLAT_CONTRIBUTION[1.0]
DEFAULT_EMPLOYER_COST = 45_000.0
EMPLOYER_COST_NOTE = (
    "Hypothèse de travail, pas un chiffre officiel : aucune source publique ne donne le coût employeur "
    "d'un animateur départemental. 45 000 € par an correspond à environ 2 600 € brut par mois chargés "
    "à environ 45 %, ordre de grandeur d'un poste de catégorie B ou d'un emploi associatif équivalent."
)
MAX_HORIZON_MONTHS = 600
HORIZON_YEARS = 5  # the page's and the command's horizon: the current year and the next four
# What « non renseigné » months count as: left out (the default), or as « aucun ».
UNKNOWN_EXCLUDE, UNKNOWN_AS_NONE = "exclure", "aucun"
UNKNOWN_CHOICES = (UNKNOWN_EXCLUDE, UNKNOWN_AS_NONE)
MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)

_MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})")
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

    ``cutoff`` (``'AAAA-MM-JJ'``, None: today) ends what happened: after it, the
    reference keeps each territory's last status. ``unknown_treatment``: « non renseigné »
    months left out (``exclure``) or counted as « aucun ». ``contribution_changes``:
    ``(month, half, full)``, new flat contributions from that month on, in the
    scenario only. ``half_time_returns``: ``(zones, month)``, full-time posts of
    those zones back at half time from that month on.
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
    cutoff: str | None = None
    unknown_treatment: str = UNKNOWN_EXCLUDE
    contribution_changes: list[tuple[str, float, float]] = field(default_factory=list)
    half_time_returns: list[tuple[list[str], str]] = field(default_factory=list)

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
            "cutoff": self.cutoff or None,
            "unknown_treatment": self.unknown_treatment,
            "contribution_changes": [{"month": m, "half": h, "full": f} for m, h, f in self.contribution_changes],
            "half_time_returns": [{"zones": list(zones), "month": month} for zones, month in self.half_time_returns],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Assumptions:
        """The inverse of ``to_dict``; missing keys take their default."""
        if not isinstance(data, dict):
            raise AssumptionError("Hypothèses illisibles : un objet JSON est attendu.")
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        try:
            known["waves"] = _zone_months(known.get("waves"))
            known["half_time_returns"] = _zone_months(known.get("half_time_returns"))
            known["contribution_changes"] = [
                (c["month"], c["half"], c["full"]) if isinstance(c, dict) else (c[0], c[1], c[2])
                for c in known.get("contribution_changes") or []]
        except (KeyError, IndexError, TypeError):
            raise AssumptionError("Hypothèses illisibles : vagues ou changements mal formés.") from None
        known["per_departement"] = dict(known.get("per_departement") or {})
        return cls(**known)


def _zone_months(items) -> list[tuple[list[str], str]]:
    return [(list(w["zones"]), w["month"]) if isinstance(w, dict) else (list(w[0]), w[1]) for w in items or []]


def next_month(today: date) -> str:
    """The first month that has not started on ``today``: ``'2027-01'`` in December 2026."""
    return month_text(today.year * 12 + today.month)


def for_today(today: date) -> Assumptions:
    """The page's and the command's defaults on ``today``: the horizon from the current year
    for five years, the switch never in the past (next month), the reference up to today."""
    return Assumptions(start=f"{today.year:04d}-01", end=f"{today.year + HORIZON_YEARS - 1:04d}-12",
                       switch=next_month(today))


def parse_day(text, what: str = "La date d'arrêt") -> date:
    """``'2026-12-01'`` → a date; French error otherwise."""
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise AssumptionError(f"{what} est invalide : « {text} » (format attendu AAAA-MM-JJ).") from None


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
    cutoff: date | None = None
    unknown: str = UNKNOWN_EXCLUDE
    contribution_changes: tuple[tuple[int, float, float], ...] = ()  # (month index, half, full), in order
    half_time_from: dict[str, int] = field(default_factory=dict)  # code -> month of the return to half time

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
        cutoff=parse_day(a.cutoff) if a.cutoff else None,
        unknown=_unknown(a.unknown_treatment),
        contribution_changes=_contribution_changes(a.contribution_changes or []),
        half_time_from=_returns(a.half_time_returns or []),
    )


def _unknown(value) -> str:
    if value not in UNKNOWN_CHOICES:
        raise AssumptionError(f"Traitement des territoires non renseignés inconnu : « {value} » "
                              f"(valeurs admises : {', '.join(UNKNOWN_CHOICES)}).")
    return value


def _contribution_changes(changes) -> tuple[tuple[int, float, float], ...]:
    checked = []
    for number, (month, half, full) in enumerate(changes, start=1):
        what = f"le changement de contributions {number}"
        checked.append((parse_month(month, f"Le mois du changement de contributions {number}"),
                        _amount(half, f"La contribution pour 0,5 ETP dans {what}"),
                        _amount(full, f"La contribution pour 1 ETP dans {what}")))
    return tuple(sorted(checked))


def _returns(returns) -> dict[str, int]:
    months: dict[str, int] = {}
    for number, (zones, month_value) in enumerate(returns, start=1):
        month = parse_month(month_value, f"Le mois du retour à mi-temps {number}")
        if not zones:
            raise AssumptionError(f"Le retour à mi-temps {number} ne désigne aucun département ni aucune région.")
        for token in zones:
            resolved = resolve_zone(token)
            if resolved is None:
                raise AssumptionError(f"Département ou région inconnu dans le retour à mi-temps {number} : "
                                      f"« {token} ».")
            for code in resolved[0]:
                months[code] = min(month, months.get(code, month))
    return months
