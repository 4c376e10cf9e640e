"""Named scenarios: save, replace, open, delete (for those allowed), and compare side by side (for everyone)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from fsdash.budget import comparison, scenarios
from fsdash.budget.assumptions import AssumptionError, Assumptions
from fsdash.budget.scenarios import ScenarioError, ScenarioExists
from fsdash.domain import formatting
from fsdash.storage import rights
from fsdash.storage.rights import User
from fsdash.ui import auth, cache
from fsdash.ui.simulation.assumptions import BIND, apply_to_widgets

CHANGED = "background-color: #FEECC2; font-weight: bold"


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


def scenario_section(assumptions: Assumptions | None, periods: pd.DataFrame, sites: dict | None, user: User,
                     today: date) -> None:
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
        _saved_table(saved, user)
        _comparison(saved, periods, sites, today)


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


def _saved_table(saved: list[scenarios.Scenario], user: User) -> None:
    with st.expander(f"{len(saved)} scénario(s) enregistré(s)"):
        st.dataframe(pd.DataFrame([
            {"Nom": s.name, "Créé par": rights.author(user, s.created_by), "Créé le": formatting.moment(s.created_at),
             "Modifié par": rights.author(user, s.updated_by), "Modifié le": formatting.moment(s.updated_at)}
            for s in saved
        ]), hide_index=True)


def _comparison(saved: list[scenarios.Scenario], periods: pd.DataFrame, sites: dict | None, today: date) -> None:
    st.subheader("Comparer des scénarios")
    by_name = {s.name: s for s in saved}
    chosen = st.multiselect("Scénarios à comparer (deux ou plus ; le premier sert de référence)", list(by_name),
                            key="comparer", **BIND)
    if len(chosen) < 2:
        st.caption("Choisissez au moins deux scénarios enregistrés.")
        return
    try:
        frame = comparison.comparison_table({n: by_name[n].assumptions for n in chosen}, periods, sites, today)
    except AssumptionError as exc:
        st.error(f"Comparaison impossible : {exc}")
        return
    st.dataframe(frame.style.apply(_highlight_changes, axis=1), key="table_comparaison")
    st.caption("Sur fond jaune : ce qui diffère du premier scénario ; entre parenthèses : l'écart avec lui. "
               "Tous les scénarios partent de la même référence : le registre, puis le statu quo.")


def _highlight_changes(row: pd.Series) -> list[str]:
    reference = str(row.iloc[0]).split(" (")[0]
    return [""] + [CHANGED if str(v).split(" (")[0] != reference else "" for v in row.iloc[1:]]
