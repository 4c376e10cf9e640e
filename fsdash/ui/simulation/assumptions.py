"""The simulator's assumptions in the sidebar, bound to the address so that a scenario is a link."""

from __future__ import annotations

from datetime import date

import streamlit as st

from fsdash.budget.assumptions import (
    DEFAULT_DELAY,
    DEFAULT_EMPLOYER_COST,
    DEFAULT_FULL,
    DEFAULT_HALF,
    EMPLOYER_COST_NOTE,
    UNKNOWN_AS_NONE,
    UNKNOWN_CHOICES,
    UNKNOWN_EXCLUDE,
    AssumptionError,
    Assumptions,
    departement_code,
    for_today,
    month_label,
    month_range,
    resolve_zone,
    zone_label,
    zone_options,
)
from fsdash.domain import formatting
from fsdash.domain.periods import FIRST_DAY, last_day
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.ui import cache

MONTHS = month_range("2015-01", "2045-12")
ZONES = zone_options()
MAX_WAVES = 10
BIND = {"bind": "query-params"}

# Widget keys, which are also the URL parameter names.
K_START, K_END, K_SWITCH, K_DELAY = "debut", "fin", "bascule", "delai"
K_HALF, K_FULL, K_EMPLOYER, K_VACANCY = "contribution_mi_temps", "contribution_temps_plein", "cout_employeur", "vacance"
K_WAVES, K_DATES = "vagues", "dates"
K_CUTOFF, K_UNKNOWN = "arret", "non_renseignes"
K_CHANGE, K_CHANGE_MONTH, K_CHANGE_HALF, K_CHANGE_FULL = (
    "changement", "mois_changement", "changement_mi_temps", "changement_temps_plein")
K_RETURN, K_RETURN_MONTH = "retour_mi_temps", "mois_retour_mi_temps"
CHANGED_FULL = 45_000  # the example of today's budget questions: 45,000 € for full time
UNKNOWN_WORDS = {UNKNOWN_EXCLUDE: "les laisser de côté (jamais chiffrés)",
                 UNKNOWN_AS_NONE: "les compter comme sans animateur (recrutés comme eux)"}


def _wave_key(number: int) -> str:
    return f"vague{number}"


def _wave_month_key(number: int) -> str:
    return f"mois_vague{number}"


def _date_key(code: str) -> str:
    return f"mois_{code}"


def _month_or_none(month: str | None) -> str:
    return month_label(month) if month else "aucun passage général (vagues et dates propres seulement)"


def _month(label: str, default: str, key: str, **kwargs) -> str:
    return st.selectbox(f"{label} (défaut : {month_label(default)})", MONTHS, index=MONTHS.index(default),
                        format_func=month_label, key=key, **kwargs, **BIND)


def sidebar_assumptions(today: date) -> Assumptions:
    """The assumptions in the sidebar; the defaults follow ``today`` (horizon from the current
    year, switch next month, what happened up to today)."""
    d = for_today(today)
    with st.sidebar:
        st.header("Hypothèses")
        st.caption("Chaque valeur est une **hypothèse** modifiable, pas un chiffre officiel ; "
                   "la valeur par défaut est indiquée entre parenthèses.")
        start = _month("Début de l'horizon", d.start, K_START)
        end = _month("Fin de l'horizon", d.end, K_END)
        switch = st.selectbox(f"Passage à temps plein de tous les départements (défaut : {month_label(d.switch)})",
                              [None, *MONTHS], index=1 + MONTHS.index(d.switch), format_func=_month_or_none,
                              key=K_SWITCH, **BIND)
        cutoff = st.date_input("Réalisé jusqu'au (défaut : aujourd'hui)", value=today, min_value=FIRST_DAY,
                               max_value=last_day(today), format="DD/MM/YYYY", key=K_CUTOFF,
                               help="Jusqu'à cette date, la référence est ce que le registre a enregistré ; "
                                    "après, chaque territoire garde son dernier statut (statu quo).", **BIND)
        unknown = st.radio("Territoires « non renseignés » (défaut : les laisser de côté)", UNKNOWN_CHOICES,
                           format_func=UNKNOWN_WORDS.get, key=K_UNKNOWN, **BIND)
        delay = st.number_input("Délai de recrutement d'un département sans animateur, en mois (défaut : 3)",
                                min_value=0, max_value=120, value=DEFAULT_DELAY, step=1, key=K_DELAY, **BIND)
        half = st.number_input("Contribution de l'État pour 0,5 ETP, en € par an (défaut : 25 000 €)",
                               min_value=0, value=int(DEFAULT_HALF), step=1000, key=K_HALF, **BIND)
        full = st.number_input("Contribution de l'État pour 1 ETP, en € par an (défaut : 50 000 €)",
                               min_value=0, value=int(DEFAULT_FULL), step=1000, key=K_FULL, **BIND)
        employer = st.number_input("Coût employeur chargé d'1 ETP, en € par an : hypothèse sans chiffre officiel "
                                   "(défaut : 45 000 €)", min_value=0, value=int(DEFAULT_EMPLOYER_COST), step=1000,
                                   key=K_EMPLOYER, help=EMPLOYER_COST_NOTE, **BIND)
        st.caption("Coût employeur : aucun chiffre officiel n'existe ; 45 000 € est une hypothèse de travail "
                   "(environ 2 600 € brut par mois, chargés à environ 45 %).")
        pay = st.checkbox("Verser la contribution pendant la vacance de poste (défaut : non)", key=K_VACANCY,
                          help="Pendant le délai de recrutement, la contribution à temps plein est versée "
                               "comme si le poste était pourvu.", **BIND)
        waves = _waves(d.switch)
        per_departement = _departement_dates(d.switch)
        changes = _contribution_change(today)
        returns = _half_time_return(d.switch)
    return Assumptions(start=start, end=end, switch=switch, per_departement=per_departement, waves=waves,
                       delay_months=int(delay), half_amount=half, full_amount=full, employer_cost=employer,
                       pay_vacancy=pay, cutoff=None if cutoff in (None, today) else cutoff.isoformat(),
                       unknown_treatment=unknown, contribution_changes=changes, half_time_returns=returns)


def _contribution_change(today: date) -> list[tuple[str, float, float]]:
    with st.expander("Changement des contributions", expanded=bool(st.session_state.get(K_CHANGE))):
        st.caption("De nouveaux forfaits à partir d'un mois, dans le scénario seulement (la référence garde "
                   "les contributions ci-dessus).")
        if not st.checkbox("Changer les contributions à partir d'un mois (défaut : non)", key=K_CHANGE, **BIND):
            return []
        month = _month("Nouvelles contributions à partir de", f"{today.year + 1}-01", K_CHANGE_MONTH)
        half = st.number_input(f"Nouvelle contribution pour 0,5 ETP, en € par an (défaut : "
                               f"{formatting.euros(CHANGED_FULL / 2)})", min_value=0, value=CHANGED_FULL // 2,
                               step=500, key=K_CHANGE_HALF, **BIND)
        full = st.number_input(f"Nouvelle contribution pour 1 ETP, en € par an (défaut : "
                               f"{formatting.euros(CHANGED_FULL)})", min_value=0, value=CHANGED_FULL, step=1000,
                               key=K_CHANGE_FULL, **BIND)
        return [(month, float(half), float(full))]


def _half_time_return(default_month: str) -> list[tuple[list[str], str]]:
    with st.expander("Retour à mi-temps", expanded=bool(st.session_state.get(K_RETURN))):
        st.caption("Les postes à temps plein de ces régions ou départements repassent à mi-temps à partir du mois "
                   "choisi, dans le scénario seulement.")
        zones = st.multiselect("Régions ou départements qui repassent à mi-temps", ZONES, format_func=zone_label,
                               key=K_RETURN, placeholder="Choisir des régions ou des départements", **BIND)
        month = _month("Retour à mi-temps à partir de", default_month, K_RETURN_MONTH)
        return [(zones, month)] if zones else []


def _waves(default_month: str) -> list[tuple[list[str], str]]:
    with st.expander("Vagues de passage à temps plein", expanded=bool(st.session_state.get(K_WAVES))):
        st.caption("Une vague : des régions ou des départements et un mois. Prioritaire sur le passage "
                   "général ; un département cité nommément l'emporte sur sa région.")
        count = st.number_input("Nombre de vagues (défaut : 0)", min_value=0, max_value=MAX_WAVES, value=0,
                                step=1, key=K_WAVES, **BIND)
        waves = []
        for number in range(1, int(count) + 1):
            zones = st.multiselect(f"Vague {number} : régions ou départements", ZONES, format_func=zone_label,
                                   key=_wave_key(number), placeholder="Choisir des régions ou des départements",
                                   **BIND)
            month = _month(f"Vague {number} : mois", default_month, _wave_month_key(number))
            if zones:
                waves.append((zones, month))
            else:
                st.caption(f"Vague {number} ignorée tant qu'elle ne désigne aucune région ni aucun département.")
    return waves


def _departement_dates(default_month: str) -> dict[str, str]:
    with st.expander("Dates propres à un département", expanded=bool(st.session_state.get(K_DATES))):
        st.caption("Prioritaires sur les vagues et le passage général.")
        codes = st.multiselect("Départements", list(DEPARTEMENTS), format_func=lambda c: DEPARTEMENTS[c].label,
                               key=K_DATES, placeholder="Choisir des départements", **BIND)
        return {code: _month(f"{DEPARTEMENTS[code].label} : mois", default_month, _date_key(code))
                for code in codes}


def apply_to_widgets(a: Assumptions) -> None:
    """Put a scenario's assumptions in the widgets (and so in the URL). Call from a callback."""
    months = (a.start, a.end, a.switch, *a.per_departement.values(), *(m for _, m in a.waves),
              *(m for m, _, _ in a.contribution_changes[:1]), *(m for _, m in a.half_time_returns[:1]))
    for month in months:
        if month and month not in MONTHS:
            raise AssumptionError(f"Le mois {month} est hors de la plage proposée par la page.")
    state = st.session_state
    state[K_START], state[K_END], state[K_SWITCH] = a.start, a.end, a.switch or None
    state[K_DELAY] = int(a.delay_months)
    state[K_HALF], state[K_FULL] = round(a.half_amount), round(a.full_amount)
    state[K_EMPLOYER], state[K_VACANCY] = round(a.employer_cost), bool(a.pay_vacancy)
    state[K_WAVES] = len(a.waves)
    for number, (zones, month) in enumerate(a.waves, start=1):
        state[_wave_key(number)] = [_zone_option(z) for z in zones]
        state[_wave_month_key(number)] = month
    codes = [departement_code(c) for c in a.per_departement]
    state[K_DATES] = codes
    for code, month in zip(codes, a.per_departement.values()):
        state[_date_key(code)] = month
    state[K_CUTOFF] = date.fromisoformat(a.cutoff) if a.cutoff else cache.today()
    state[K_UNKNOWN] = a.unknown_treatment
    state[K_CHANGE] = bool(a.contribution_changes)
    for month, half, full in a.contribution_changes[:1]:  # the page offers one change
        state[K_CHANGE_MONTH], state[K_CHANGE_HALF], state[K_CHANGE_FULL] = month, round(half), round(full)
    state[K_RETURN] = [_zone_option(z) for zones, _ in a.half_time_returns[:1] for z in zones]
    for _, month in a.half_time_returns[:1]:
        state[K_RETURN_MONTH] = month


def _zone_option(token: str) -> str:
    resolved = resolve_zone(token)
    if resolved is None:
        raise AssumptionError(f"Département ou région inconnu : « {token} ».")
    codes, is_departement = resolved
    return codes[0] if is_departement else f"R{DEPARTEMENTS[codes[0]].region_code}"
