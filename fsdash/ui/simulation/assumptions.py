"""The simulator's assumptions in the sidebar, bound to the address so that a scenario is a link."""

from __future__ import annotations

import streamlit as st

from fsdash.budget.assumptions import (
    DEFAULT_DELAY,
    DEFAULT_EMPLOYER_COST,
    DEFAULT_END,
    DEFAULT_FULL,
    DEFAULT_HALF,
    DEFAULT_START,
    DEFAULT_SWITCH,
    EMPLOYER_COST_NOTE,
    AssumptionError,
    Assumptions,
    departement_code,
    month_label,
    month_range,
    resolve_zone,
    zone_label,
    zone_options,
)
from fsdash.domain.territories import DEPARTEMENTS

MONTHS = month_range("2015-01", "2045-12")
ZONES = zone_options()
MAX_WAVES = 10
BIND = {"bind": "query-params"}

# Widget keys, which are also the URL parameter names.
K_START, K_END, K_SWITCH, K_DELAY = "debut", "fin", "bascule", "delai"
K_HALF, K_FULL, K_EMPLOYER, K_VACANCY = "contribution_mi_temps", "contribution_temps_plein", "cout_employeur", "vacance"
K_WAVES, K_DATES = "vagues", "dates"


def _wave_key(number: int) -> str:
    return f"vague{number}"


def _wave_month_key(number: int) -> str:
    return f"mois_vague{number}"


def _date_key(code: str) -> str:
    return f"mois_{code}"


def _month_or_none(month: str | None) -> str:
    return month_label(month) if month else "aucun passage général (vagues et dates propres seulement)"


def sidebar_assumptions() -> Assumptions:
    with st.sidebar:
        st.header("Hypothèses")
        st.caption("Chaque valeur est une **hypothèse** modifiable, pas un chiffre officiel ; "
                   "la valeur par défaut est indiquée entre parenthèses.")
        start = st.selectbox("Début de l'horizon (défaut : janvier 2023)", MONTHS, index=MONTHS.index(DEFAULT_START),
                             format_func=month_label, key=K_START, **BIND)
        end = st.selectbox("Fin de l'horizon (défaut : décembre 2027)", MONTHS, index=MONTHS.index(DEFAULT_END),
                           format_func=month_label, key=K_END, **BIND)
        switch = st.selectbox("Passage à temps plein de tous les départements (défaut : janvier 2024)",
                              [None, *MONTHS], index=1 + MONTHS.index(DEFAULT_SWITCH), format_func=_month_or_none,
                              key=K_SWITCH, **BIND)
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
        waves = _waves()
        per_departement = _departement_dates()
    return Assumptions(start=start, end=end, switch=switch, per_departement=per_departement, waves=waves,
                       delay_months=int(delay), half_amount=half, full_amount=full, employer_cost=employer,
                       pay_vacancy=pay)


def _waves() -> list[tuple[list[str], str]]:
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
            month = st.selectbox(f"Vague {number} : mois", MONTHS, index=MONTHS.index(DEFAULT_SWITCH),
                                 format_func=month_label, key=_wave_month_key(number), **BIND)
            if zones:
                waves.append((zones, month))
            else:
                st.caption(f"Vague {number} ignorée tant qu'elle ne désigne aucune région ni aucun département.")
    return waves


def _departement_dates() -> dict[str, str]:
    with st.expander("Dates propres à un département", expanded=bool(st.session_state.get(K_DATES))):
        st.caption("Prioritaires sur les vagues et le passage général.")
        codes = st.multiselect("Départements", list(DEPARTEMENTS), format_func=lambda c: DEPARTEMENTS[c].label,
                               key=K_DATES, placeholder="Choisir des départements", **BIND)
        return {code: st.selectbox(f"{DEPARTEMENTS[code].label} : mois", MONTHS,
                                   index=MONTHS.index(DEFAULT_SWITCH), format_func=month_label,
                                   key=_date_key(code), **BIND)
                for code in codes}


def apply_to_widgets(a: Assumptions) -> None:
    """Put a scenario's assumptions in the widgets (and so in the URL). Call from a callback."""
    for month in (a.start, a.end, a.switch, *a.per_departement.values(), *(m for _, m in a.waves)):
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


def _zone_option(token: str) -> str:
    resolved = resolve_zone(token)
    if resolved is None:
        raise AssumptionError(f"Département ou région inconnu : « {token} ».")
    codes, is_departement = resolved
    return codes[0] if is_departement else f"R{DEPARTEMENTS[codes[0]].region_code}"
