"""The form that corrects a département's facilitator record: a new situation
« à partir du » a date (today by default, a future date records a planned
change), or a recorded period corrected (fields and start) or deleted.

Shown only to those who may edit the record; the save runs in the button's
callback, asks who is acting at that moment, and ``registry.update_record``
checks the right itself. A save names the version the form started from: a save
made by someone else in between is refused and shown field by field.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.periods import PLANNED_LABEL
from fsdash.domain.record_fields import FIELD_LABELS, MASKED, MAX_LENGTHS, PERSONAL_FIELDS
from fsdash.domain.statuses import HOST_KINDS, STATUS_ETP, STATUSES
from fsdash.domain.territories import Departement
from fsdash.inputs import record_values
from fsdash.storage import periods as period_store
from fsdash.storage import registry, rights
from fsdash.storage.rights import User
from fsdash.ui import auth, cache
from fsdash.ui.common import md
from fsdash.ui.departement.sections import RESERVED
from fsdash.views import departement as stats
from fsdash.views.html_table import html_table

FLASH_KEY = "fiche-message"
REFUSAL_KEY = "fiche-refus"


def _form_keys(code: str, record: dict) -> tuple[str, dict]:
    """Key prefix of the form's widgets and the record as the form loaded it.

    The loaded record (and so its version) is kept until a save succeeds or the
    user reloads: a save always names the version the form started from.
    """
    generation = st.session_state.setdefault(f"fiche-{code}-generation", 0)
    prefix = f"fiche-{code}-{generation}-"
    if prefix + "loaded" not in st.session_state:
        st.session_state[prefix + "loaded"] = dict(record)
    return prefix, st.session_state[prefix + "loaded"]


def _reload(code: str) -> None:
    """Start the form again from the saved record (new widget keys, new version)."""
    generation = st.session_state.get(f"fiche-{code}-generation", 0)
    old = f"fiche-{code}-{generation}-"
    for key in [k for k in st.session_state if str(k).startswith(old)]:
        del st.session_state[key]
    st.session_state[f"fiche-{code}-generation"] = generation + 1


def _kind_label(kind: str) -> str:
    return kind or "— non renseigné —"


def _show_errors(slots: dict, errors: dict[str, str]) -> None:
    for field, message in errors.items():
        slot = slots.get(field) or slots["_form"]
        prefix = "" if field in slots else f"{FIELD_LABELS.get(field, field)} : "
        slot.error(prefix + message[:1].upper() + message[1:], icon=":material/error:")


NEW = "Nouvelle situation à partir d'une date"
CORRECT = "Corriger une période enregistrée"
DELETE = "Supprimer une période enregistrée"
MODES: tuple[str, ...] = (NEW, CORRECT, DELETE)
PERIOD_FORM_FIELDS: tuple[str, ...] = (
    "statut", "structure_porteuse", "type_structure", "date_convention", "financement_annuel",
)
RECORD_FORM_FIELDS: tuple[str, ...] = ("commentaire", *PERSONAL_FIELDS)
START_LABEL = "À partir du (JJ/MM/AAAA)"


def _period_label(period: dict, today) -> str:
    text = period_store.describe(period)
    start = period.get("date_effet")
    return text + (f" ({PLANNED_LABEL})" if start is not None and start > today else "")


def edit_section(departement: Departement, record: dict, user: User) -> None:
    """The edit form, under the facilitator card it edits: a new situation « à partir
    du » a date (today by default), or a recorded period corrected or deleted."""
    code = departement.code
    if not rights.can_edit_record(user, code):
        st.caption(f"Modification de la fiche de l'animateur : {RESERVED}"
                   + ("." if user.role != rights.LECTEUR else " (connectez-vous avec un compte habilité)."))
        return
    show_personal = rights.can_see_personal(user, code)
    prefix, loaded = _form_keys(code, record)
    errors: dict[str, str] = st.session_state.get(prefix + "errors", {})
    conflict = st.session_state.get(prefix + "conflict")
    stale = record["version"] != loaded["version"]
    # Built only while open (lazy expander): the page opens faster, and the form's
    # widgets keep what was typed while it is closed (persist_state="page").
    box = st.expander("Modifier la fiche de l'animateur", icon=":material/edit:", key=f"fiche-{code}-ouverte",
                      on_change="rerun")
    if not box.open:
        return
    with box:
        if stale and not conflict:
            st.warning("La fiche a été modifiée depuis l'ouverture de ce formulaire : rechargez-la avant "
                       "d'enregistrer.", icon=":material/sync_problem:")
        today = period_store.today()
        first, last = record_values.date_range(today)
        timeline = period_store.periods(cache.db(), code).to_dict("records")
        mode = NEW
        if timeline:  # with recorded periods: a new situation, or one of them corrected or deleted
            mode = st.radio("Que voulez-vous enregistrer ?", MODES, key=prefix + "mode", persist_state="page")
        period = None
        if mode != NEW:
            by_id = {p["id"]: p for p in timeline}
            chosen = st.selectbox("Période", list(by_id), key=prefix + "periode", persist_state="page",
                                  format_func=lambda i: _period_label(by_id[i], today))
            period = by_id.get(chosen)
        if mode == DELETE and period is not None:
            _delete_box(code, prefix, loaded, period, errors)
            if conflict:
                _show_conflict(code, conflict, show_personal)
            return
        base = loaded if period is None else period
        sub = prefix if period is None else f"{prefix}p{period['id']}v{period['version']}-"
        slots: dict = {}
        left, right = st.columns(2)
        with left:  # outside the form: the ETP beside it follows the status at once
            statut = st.selectbox(FIELD_LABELS["statut"], STATUSES, key=sub + "statut", persist_state="page",
                                  index=STATUSES.index(base["statut"]) if base["statut"] in STATUSES else 0)
            slots["statut"] = st.empty()
        with right:
            st.text_input(FIELD_LABELS["etp"] + " (suit le statut)", value=formatting.etp(STATUS_ETP[statut]),
                          disabled=True, help="Aucun, recrutement en cours et non renseigné : 0 ; mi-temps : "
                                              "0,5 ; temps plein : 1.")
        with st.form(sub + "form", enter_to_submit=False, border=False):
            start = today if period is None else period["date_effet"]
            st.text_input(START_LABEL, value=_day_text(start), key=sub + "date_effet", persist_state="page",
                          max_chars=10, placeholder="JJ/MM/AAAA",
                          help=f"Premier jour où cette situation s'applique, JJ/MM/AAAA, du {first:%d/%m/%Y} au "
                               f"{last:%d/%m/%Y} (une date future enregistre un changement prévu)."
                               + (" Vide : depuis une date inconnue." if period is not None else ""))
            slots["date_effet"] = st.empty()
            left, right = st.columns(2)
            with left:
                st.text_input(FIELD_LABELS["structure_porteuse"], value=base["structure_porteuse"] or "",
                              key=sub + "structure_porteuse", persist_state="page",
                              max_chars=MAX_LENGTHS["structure_porteuse"])
                slots["structure_porteuse"] = st.empty()
            kinds = ("", *HOST_KINDS)
            with right:
                st.selectbox(FIELD_LABELS["type_structure"], kinds, key=sub + "type_structure",
                             persist_state="page", format_func=_kind_label,
                             index=kinds.index(base["type_structure"]) if base["type_structure"] in kinds else 0)
                slots["type_structure"] = st.empty()
            left, right = st.columns(2)
            with left:
                st.text_input(FIELD_LABELS["date_convention"] + " (JJ/MM/AAAA)",
                              value=_day_text(base["date_convention"]), key=sub + "date_convention",
                              persist_state="page", max_chars=10, placeholder="JJ/MM/AAAA",
                              help=f"Du {first:%d/%m/%Y} au {last:%d/%m/%Y}. Vide : pas de convention signée.")
                slots["date_convention"] = st.empty()
            with right:
                amount = base["financement_annuel"]
                st.number_input(FIELD_LABELS["financement_annuel"],
                                value=None if amount is None or pd.isna(amount) else float(amount),
                                step=1000.0, format="%.0f", key=sub + "financement_annuel",
                                persist_state="page", placeholder="ex. 50000",
                                help="Contribution annuelle versée pour le poste, en euros.")
                slots["financement_annuel"] = st.empty()
            if period is None:
                st.text_area(FIELD_LABELS["commentaire"], value=loaded["commentaire"] or "",
                             key=prefix + "commentaire", persist_state="page",
                             max_chars=MAX_LENGTHS["commentaire"])
                slots["commentaire"] = st.empty()
                if show_personal:
                    columns = st.columns(3)
                    for column, field in zip(columns, PERSONAL_FIELDS):
                        with column:
                            st.text_input(FIELD_LABELS[field], value=loaded[field] or "", key=prefix + field,
                                          persist_state="page", max_chars=MAX_LENGTHS[field],
                                          placeholder="05 55 12 34 56" if field == "animateur_telephone" else None)
                            slots[field] = st.empty()
                else:
                    st.caption(f"Nom et coordonnées de l'animateur : {RESERVED}.")
            # The save runs in the callback, before the next run draws the page: it
            # asks who is acting at that moment, and fsdash checks the right.
            st.form_submit_button("Enregistrer", type="primary", icon=":material/save:", on_click=_submit,
                                  args=(code, prefix, sub, None if period is None else period["id"],
                                        None if period is None else period["version"]))
            slots["_form"] = st.empty()
        if errors:
            _show_errors(slots, errors)
        if conflict:
            _show_conflict(code, conflict, show_personal)


def _delete_box(code: str, prefix: str, loaded: dict, period: dict, errors: dict) -> None:
    st.caption("La période est retirée de la chronologie (la précédente s'applique alors jusqu'à la suivante) ; "
               "sa suppression est inscrite à l'historique.")
    st.button("Supprimer cette période", key=f"{prefix}supprimer-{period['id']}", icon=":material/delete:",
              on_click=_delete, args=(code, prefix, period["id"], period["version"]))
    if errors:
        for message in errors.values():
            st.error(message, icon=":material/error:")


def _day_text(value) -> str:
    """A date as the form shows it: « 15/02/2025 », empty when none."""
    return "" if value is None or (not isinstance(value, date) and pd.isna(value)) else f"{value:%d/%m/%Y}"


def form_values(prefix: str, sub: str, with_record: bool) -> tuple[dict, object]:
    """What the form holds (its widgets' session state): values for
    ``update_record`` (dates as typed: fsdash reads and checks them) and the
    « À partir du » date as typed."""
    state = st.session_state
    values = {f: state[sub + f] for f in PERIOD_FORM_FIELDS if sub + f in state}
    if with_record:
        values.update({f: state[prefix + f] for f in RECORD_FORM_FIELDS if prefix + f in state})
    return values, state.get(sub + "date_effet")


def _submit(code: str, prefix: str, sub: str, period_id: int | None, period_version: int | None) -> None:
    """« Enregistrer »: validate and save as the user acting now. Errors, conflicts
    and refusals are kept in session state, shown beside the fields (the typed
    values stay in the form) or, for a refusal, at the top of the page."""
    state = st.session_state
    loaded = state.get(prefix + "loaded")
    if loaded is None:
        return
    state.pop(prefix + "conflict", None)
    values, typed = form_values(prefix, sub, period_id is None)
    try:
        start = record_values.parse_date(typed)
    except ValueError:
        state[prefix + "errors"] = {"date_effet": f"Date illisible « {typed} » : écrivez-la JJ/MM/AAAA, par exemple "
                                                  f"{period_store.today():%d/%m/%Y}."}
        return
    if start is None and period_id is None:
        state[prefix + "errors"] = {"date_effet": "Indiquez la date à partir de laquelle la situation s'applique."}
        return
    user = auth.current_user()
    try:
        if period_id is None:
            saved = registry.update_record(cache.db(), code, values, user, expected_version=loaded["version"],
                                           date_effet=start)
        else:
            saved = registry.correct_period(cache.db(), period_id, values, user, period_version, date_effet=start,
                                            expected_version=loaded["version"])
    except rights.AccessDenied as exc:
        state[prefix + "errors"] = {}
        state[REFUSAL_KEY] = str(exc) + " Rien n'a été enregistré."
    except record_values.RecordError as exc:
        state[prefix + "errors"] = {k: v[:1].upper() + v[1:] for k, v in exc.errors.items()}
    except registry.ConcurrentEditError as exc:
        state[prefix + "errors"] = {}
        state[prefix + "conflict"] = (str(exc), exc.changed)
    except period_store.PeriodConflictError as exc:
        state[prefix + "errors"] = {}
        state[prefix + "conflict"] = (str(exc), {})
    except registry.StorageError as exc:
        state[prefix + "errors"] = {}
        state[REFUSAL_KEY] = str(exc)
    else:
        state[prefix + "errors"] = {}
        if saved["version"] == loaded["version"]:
            st.toast("Aucun changement à enregistrer.", icon=":material/info:")
            return
        dated = period_id is not None or start != period_store.today() or any(
            record_values.as_text(values.get(f)) != record_values.as_text(loaded.get(f))
            for f in PERIOD_FORM_FIELDS if f in values)
        what = "corrigée" if period_id is not None else "enregistrée"
        state[FLASH_KEY] = saved_message(code, saved, user, what, periods_text(start, values) if dated else "")
        _reload(code)


def saved_message(code: str, saved: dict, user: User, what: str, situation: str = "") -> str:
    """What a prefecture reads after « Enregistrer »: which fiche, when, by whom, what, and where to see it."""
    when = formatting.moment(saved.get("updated_at"))
    situation = f" ({situation})" if situation else ""
    return (f"Fiche de l'animateur {what} pour {auth.departement_label(code)} le {when} par "
            f"{user.name or user.email}{situation}. Vos changements figurent dans l'historique de la fiche, "
            "plus bas sur cette page.")


def periods_text(start, values: dict) -> str:
    """« situation à partir du 01/02/2024 : temps plein » for the save message."""
    when = period_store.start_label(start)
    head = "situation depuis une date inconnue" if start is None else f"situation à partir du {when}"
    return f"{head} : {values.get('statut', '')}"


def _delete(code: str, prefix: str, period_id: int, period_version: int) -> None:
    state = st.session_state
    loaded = state.get(prefix + "loaded")
    if loaded is None:
        return
    user = auth.current_user()
    try:
        removed = registry.delete_period(cache.db(), period_id, user, period_version,
                                         expected_version=loaded["version"])
    except rights.AccessDenied as exc:
        state[REFUSAL_KEY] = str(exc) + " Rien n'a été supprimé."
    except registry.ConcurrentEditError as exc:
        state[prefix + "conflict"] = (str(exc), exc.changed)
    except period_store.PeriodConflictError as exc:
        state[prefix + "conflict"] = (str(exc), {})
    else:
        state[FLASH_KEY] = (f"Période supprimée pour {auth.departement_label(code)} "
                            f"({period_store.describe(removed)}) par {user.name or user.email}.")
        _reload(code)


def _show_conflict(code: str, conflict: tuple, show_personal: bool) -> None:
    message, changed = conflict
    st.error(md(message), icon=":material/sync_problem:")
    if changed:
        rows = [
            (FIELD_LABELS.get(f, f),
             MASKED if f in PERSONAL_FIELDS and not show_personal else stats.field_text(f, before),
             MASKED if f in PERSONAL_FIELDS and not show_personal else stats.field_text(f, after))
            for f, (before, after) in changed.items()
        ]
        st.html(html_table(pd.DataFrame(rows, columns=["Champ", "Valeur quand vous avez ouvert la fiche",
                                                       "Valeur enregistrée entre-temps"]),
                           "Modifié entre-temps"))
    st.button("Recharger la fiche enregistrée (vos saisies seront remplacées)", key=f"recharger-{code}",
              on_click=_reload, args=(code,), icon=":material/refresh:")
