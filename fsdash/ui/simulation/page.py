"""The budget simulator page (``/simulation``).

Assumptions in the sidebar, bound to the URL so that a scenario can be shared as a
link; headline figures, charts and tables; named scenarios saved, reopened,
compared and deleted; exports as XLSX and CSV.

Everyone may run simulations, and open and compare saved scenarios; saving,
replacing and deleting are for those allowed (``rights.can_save_scenarios``).
The buttons' callbacks ask who is acting at click time and ``fsdash.scenarios``
checks the right itself (a refusal is recorded and shown).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fsdash.budget import comparison, results, scenarios, simulator
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
from fsdash.budget.scenarios import ScenarioError, ScenarioExists
from fsdash.domain import formatting
from fsdash.domain.sources import SITES
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs.sites import SitesFileError
from fsdash.storage import rights
from fsdash.storage.rights import User
from fsdash.ui import auth, cache, common, fiches

MONTHS = month_range("2015-01", "2045-12")
ZONES = zone_options()
MAX_WAVES = 10
BLUE, BLUE_LIGHT, RED, RED_LIGHT = "#000091", "#8585F6", "#E1000F", "#F7A1A6"
CHANGED = "background-color: #FEECC2; font-weight: bold"
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


# --------------------------------------------------------------------------- assumptions


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


# --------------------------------------------------------------------------- inputs


def start_statuses() -> dict[str, str]:
    """The registry's current statuses (read fresh: it is small and edited elsewhere)."""
    from fsdash.storage.registry import current_statuses

    return current_statuses(cache.db())


@st.cache_data(show_spinner=False, max_entries=4)
def _count_sites(path: str, modified: float) -> dict[str, int]:
    site_data = cache.site_data()
    return site_data.sites["insee_dep"].value_counts().to_dict() if site_data is not None else {}


def site_counts() -> dict[str, int] | None:
    """France services sites per département, None when the site list is missing or unusable."""
    try:
        site_data = cache.site_data()
    except (SitesFileError, OSError):
        return None
    if site_data is None:
        return None
    return _count_sites(str(site_data.path), site_data.modified)


# --------------------------------------------------------------------------- results


def headline(result: simulator.Result) -> None:
    t, a = result.totals, result.assumptions
    horizon = f"{month_label(a.start)} – {month_label(a.end)}"
    row = st.container(horizontal=True)  # one row of figures, wrapping when the page is narrow
    row.metric("Coût pour l'État sur l'horizon", formatting.euros(t["state"]), help=horizon, width="content")
    row.metric("Écart avec le statu quo (État)", results.signed_euros(t["diff_state"]), width="content",
               help=f"Statu quo : chacun garde son temps de travail actuel, soit "
                    f"{formatting.euros(t['baseline_state'])} pour l'État sur l'horizon.")
    row.metric("Coût pour les structures porteuses", formatting.euros(t["host"]), width="content",
               help=f"Coût employeur supposé ({formatting.euros(a.employer_cost)} pour 1 ETP) moins la "
                    "contribution de l'État, jamais négatif.")
    row.metric("Première année entièrement à temps plein", results.first_full_text(t), width="content")
    st.caption(_per_site_text(t))


def _per_site_text(t: dict) -> str:
    full = (f"Tous les postes sont à temps plein dès {month_label(t['first_full_month'])}. "
            if t["first_full_month"] else "")
    if t["state_per_site"] is None:
        return full + "Coût par site France services indisponible : la liste des sites est absente."
    return (full + f"Coût pour l'État par site France services sur l'horizon : "
            f"{formatting.euros(t['state_per_site'])} ({formatting.number(t['sites'])} sites de la liste actuelle).")


EURO_LABELS = "replace(format(datum.value, ',.0f'), regexp(',', 'g'), '\u202f') + '\u202f€'"


def cost_chart(result: simulator.Result) -> tuple[pd.DataFrame, dict]:
    """Data and Vega-Lite spec: State and host cost per year, scenario and baseline side by side."""
    y = result.yearly
    series = {
        "État, scénario": y["state"], "État, statu quo": y["baseline_state"],
        "Structures, scénario": y["host"], "Structures, statu quo": y["baseline_host"],
    }
    frame = pd.DataFrame([
        {"Année": str(year), "Série": name, "Montant": float(values.iloc[i]),
         "Montant (€)": formatting.euros(values.iloc[i])}
        for name, values in series.items() for i, year in enumerate(y["year"])
    ])
    order = list(series)
    spec = {
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "Année", "type": "nominal", "title": None, "axis": {"labelAngle": 0}},
            "xOffset": {"field": "Série", "type": "nominal", "sort": order},
            "y": {"field": "Montant", "type": "quantitative", "title": "Coût annuel",
                  "axis": {"labelExpr": EURO_LABELS}},
            "color": {"field": "Série", "type": "nominal", "sort": order,
                      "scale": {"domain": order, "range": [BLUE, BLUE_LIGHT, RED, RED_LIGHT]},
                      "legend": {"orient": "bottom", "title": None, "columns": 1, "labelLimit": 0}},
            "tooltip": [{"field": "Année"}, {"field": "Série"}, {"field": "Montant (€)"}],
        },
    }
    return frame, spec


def posts_chart(result: simulator.Result) -> tuple[pd.DataFrame, dict]:
    """Data and Vega-Lite spec: full-time posts per month, scenario and baseline."""
    m = result.monthly
    frame = pd.concat([
        pd.DataFrame({"Mois": m["month"] + "-01", "Série": "Scénario", "Postes": m["full_time"]}),
        pd.DataFrame({"Mois": m["month"] + "-01", "Série": "Statu quo", "Postes": m["baseline_full_time"]}),
    ])
    spec = {
        "mark": {"type": "line", "interpolate": "step-after"},
        "encoding": {
            "x": {"field": "Mois", "type": "temporal", "title": None, "axis": {"format": "%m/%Y"}},
            "y": {"field": "Postes", "type": "quantitative", "title": "Postes à temps plein"},
            "color": {"field": "Série", "type": "nominal",
                      "scale": {"domain": ["Scénario", "Statu quo"], "range": [BLUE, RED]},
                      "legend": {"orient": "bottom", "title": None}},
            "strokeDash": {"field": "Série", "type": "nominal", "legend": None},
            "tooltip": [{"field": "Mois", "type": "temporal", "format": "%m/%Y"}, {"field": "Série"},
                        {"field": "Postes"}],
        },
    }
    return frame, spec


def _styled(frame: pd.DataFrame):
    money = {c: formatting.euros for c in frame.columns if str(c).endswith("(€)")}
    months = {c: lambda v: month_label(v) if isinstance(v, str) else "–"
              for c in ("Mois de bascule", "Temps plein à partir de") if c in frame.columns}
    return frame.style.format({**money, **months}, na_rep="–")


DEP_COLUMNS = ["code", "nom", "region", "statut", "switch", "full_time_from", "state", "host", "total",
               "baseline_state", "diff_state", "sites", "state_per_site"]
REGION_COLUMNS = ["region", "departements", "state", "host", "total", "baseline_state", "diff_state", "sites",
                  "state_per_site"]


def tables(result: simulator.Result) -> None:
    by_dep, by_region, by_year = st.tabs(["Par département", "Par région", "Par année"])
    with by_dep:
        st.dataframe(_styled(results.area_table(result.per_departement[DEP_COLUMNS])), hide_index=True,
                     key="table_departements")
    with by_region:
        st.dataframe(_styled(results.area_table(result.per_region[REGION_COLUMNS])), hide_index=True,
                     key="table_regions")
    with by_year:
        st.dataframe(_styled(results.yearly_table(result)), hide_index=True, key="table_annees")


def exports(result: simulator.Result) -> None:
    st.subheader("Exporter ce scénario")
    columns = st.columns(4)
    columns[0].download_button("Classeur XLSX", lambda: results.export_xlsx(result), on_click="ignore",
                               help="Une feuille par tableau : hypothèses, résultats annuels, par département, "
                                    "par région.", file_name="simulation-budgetaire.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    for column, (sheet, file_name) in zip(columns[1:], [("Hypothèses", "hypotheses"),
                                                         ("Résultats annuels", "resultats-annuels"),
                                                         ("Par département", "par-departement")]):
        column.download_button(f"{sheet} (CSV)", lambda s=sheet: results.export_csv(result, s),
                               file_name=f"simulation-{file_name}.csv", mime="text/csv", on_click="ignore")


# --------------------------------------------------------------------------- scenarios


def _flash(kind: str, message: str) -> None:
    st.session_state["simulation_flash"] = (kind, message)


def _save(assumptions: Assumptions, replace: bool = False) -> None:
    name = st.session_state.get("nom_scenario", "")
    try:
        saved = scenarios.save_scenario(cache.db(), name, assumptions, auth.current_user(), replace=replace)
    except ScenarioExists as exc:
        st.session_state["simulation_replace"] = exc.name
        return
    except rights.AccessDenied as exc:
        st.session_state.pop("simulation_replace", None)
        _flash("error", f"{exc} Rien n'a été enregistré.")
        return
    except ScenarioError as exc:
        _flash("error", str(exc))
        return
    st.session_state.pop("simulation_replace", None)
    _flash("success", f"Scénario « {saved.name} » {'remplacé' if replace else 'enregistré'}.")


def _open(name: str) -> None:
    scenario = scenarios.load_scenario(cache.db(), name) if name else None
    if scenario is None:
        _flash("error", f"Le scénario « {name} » n'existe plus.")
        return
    try:
        apply_to_widgets(scenario.assumptions)
    except AssumptionError as exc:
        _flash("error", f"Impossible d'ouvrir « {name} » : {exc}")
        return
    st.session_state["nom_scenario"] = name
    _flash("success", f"Scénario « {name} » ouvert : ses hypothèses sont dans le panneau de gauche.")


def _delete(name: str) -> None:
    st.session_state.pop("simulation_delete", None)
    st.session_state.pop("scenario_choisi", None)
    if name in st.session_state.get("comparer", []):
        st.session_state["comparer"] = [n for n in st.session_state["comparer"] if n != name]
    try:
        deleted = scenarios.delete_scenario(cache.db(), name, auth.current_user())
    except rights.AccessDenied as exc:
        _flash("error", f"{exc} Rien n'a été supprimé.")
        return
    if deleted:
        _flash("success", f"Scénario « {name} » supprimé.")
    else:
        _flash("error", f"Le scénario « {name} » n'existe plus.")


def _ask(key: str, value: str | None) -> None:
    if value is None:
        st.session_state.pop(key, None)
    else:
        st.session_state[key] = value


def scenario_section(assumptions: Assumptions | None, statuses: dict, sites: dict | None, user: User) -> None:
    st.header("Scénarios enregistrés")
    flash = st.session_state.pop("simulation_flash", None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(flash[1])
    saved = scenarios.list_scenarios(cache.db())
    may_save = rights.can_save_scenarios(user)
    save_column, manage_column = st.columns(2)
    with save_column:
        if may_save:
            _save_form(assumptions)
        else:
            st.caption("Enregistrer, remplacer ou supprimer un scénario : réservé à l'équipe nationale (ANCT). "
                       "Vous pouvez simuler librement, ouvrir et comparer les scénarios enregistrés, et partager "
                       "vos hypothèses par l'adresse de la page.")
    with manage_column:
        _manage(saved, may_save)
    if saved:
        _saved_table(saved)
        _comparison(saved, statuses, sites)


def _save_form(assumptions: Assumptions | None) -> None:
    st.text_input("Nom du scénario", key="nom_scenario", max_chars=scenarios.MAX_NAME_LENGTH,
                  placeholder="par exemple : Vagues 2024 par région")
    st.button("Enregistrer les hypothèses actuelles", key="enregistrer", on_click=_save, args=(assumptions,),
              disabled=assumptions is None)
    pending = st.session_state.get("simulation_replace")
    if pending and assumptions is not None:
        st.warning(f"Un scénario « {pending} » existe déjà. Le remplacer par les hypothèses actuelles ?")
        yes, no = st.columns(2)
        yes.button("Remplacer", key="remplacer", type="primary", on_click=_save, args=(assumptions, True))
        no.button("Annuler", key="annuler_remplacement", on_click=_ask, args=("simulation_replace", None))


def _manage(saved: list[scenarios.Scenario], may_delete: bool) -> None:
    names = [s.name for s in saved]
    if not names:
        st.info("Aucun scénario enregistré pour l'instant.")
        return
    name = st.selectbox("Scénario enregistré", names, key="scenario_choisi")
    open_column, delete_column = st.columns(2)
    open_column.button("Ouvrir", key="ouvrir", on_click=_open, args=(name,))
    if not may_delete:
        return
    delete_column.button("Supprimer", key="supprimer", on_click=_ask, args=("simulation_delete", name))
    pending = st.session_state.get("simulation_delete")
    if pending in names:
        st.warning(f"Supprimer définitivement le scénario « {pending} » ?")
        yes, no = st.columns(2)
        yes.button("Confirmer la suppression", key="confirmer_suppression", type="primary", on_click=_delete,
                   args=(pending,))
        no.button("Annuler", key="annuler_suppression", on_click=_ask, args=("simulation_delete", None))


def _saved_table(saved: list[scenarios.Scenario]) -> None:
    with st.expander(f"{len(saved)} scénario(s) enregistré(s)"):
        st.dataframe(pd.DataFrame([
            {"Nom": s.name, "Créé par": s.created_by, "Créé le": formatting.moment(s.created_at),
             "Modifié par": s.updated_by, "Modifié le": formatting.moment(s.updated_at)}
            for s in saved
        ]), hide_index=True)


def _comparison(saved: list[scenarios.Scenario], statuses: dict, sites: dict | None) -> None:
    st.subheader("Comparer des scénarios")
    by_name = {s.name: s for s in saved}
    chosen = st.multiselect("Scénarios à comparer (deux ou plus ; le premier sert de référence)", list(by_name),
                            key="comparer", **BIND)
    if len(chosen) < 2:
        st.caption("Choisissez au moins deux scénarios enregistrés.")
        return
    try:
        frame = comparison.comparison_table({n: by_name[n].assumptions for n in chosen}, statuses, sites)
    except AssumptionError as exc:
        st.error(f"Comparaison impossible : {exc}")
        return
    st.dataframe(frame.style.apply(_highlight_changes, axis=1), key="table_comparaison")
    st.caption("Sur fond jaune : ce qui diffère du premier scénario ; entre parenthèses : l'écart avec lui. "
               "Tous les scénarios partent de la situation actuelle du registre.")


def _highlight_changes(row: pd.Series) -> list[str]:
    reference = str(row.iloc[0]).split(" (")[0]
    return [""] + [CHANGED if str(v).split(" (")[0] != reference else "" for v in row.iloc[1:]]


# --------------------------------------------------------------------------- page


def render() -> None:
    st.title("Simulation budgétaire")
    user = auth.current_user()
    st.caption("Coût des postes d'animateurs départementaux pour l'État et pour les structures porteuses, "
               "mois par mois, comparé au statu quo (chacun garde son temps de travail actuel).")
    common.demo_banner()
    assumptions = sidebar_assumptions()
    auth.sidebar_identity(user)  # below the assumptions
    statuses, sites = start_statuses(), site_counts()
    try:
        result = simulator.simulate(statuses, assumptions, sites)
    except AssumptionError as exc:
        st.error(f"Hypothèses incohérentes : {exc}")
        result = None
    if result is not None:
        st.caption(f"Situation de départ : registre des animateurs ({results.situation_text(result.per_departement)}).")
        headline(result)
        left, right = st.columns(2)
        left.subheader("Coût par an")
        left.vega_lite_chart(*cost_chart(result), width="stretch")
        right.subheader("Postes à temps plein")
        right.vega_lite_chart(*posts_chart(result), width="stretch")
        tables(result)
        exports(result)
        fiches.simulation_button(result, sites is not None)  # the scenario's PDF, built on click
    scenario_section(assumptions if result is not None else None, statuses, sites, user)
    _sources(sites)


def _sources(site_counts: dict | None) -> None:
    # The list the costs per site came from: the current version (stored in the
    # database, the data folder's file is not needed), with its extract date.
    sites = (f"{SITES.citation}, extrait du {common.sites_extract_date()} (coût par site)"
             if site_counts is not None
             else "Liste des sites France services absente : coût par site indisponible")
    st.divider()
    st.caption("Règles : contribution forfaitaire de l'État par an (25 000 € pour 0,5 ETP et 50 000 € pour 1 ETP "
               "depuis janvier 2024, modifiables), comptée mois par mois. Registre des animateurs : saisi par "
               f"l'ANCT et les préfectures. {sites}. "
               "Le coût employeur est une hypothèse : aucun chiffre officiel n'existe.")
