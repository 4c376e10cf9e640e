"""The form that corrects a département's facilitator record.

Shown only to those who may edit the record; the save runs in the button's
callback, asks who is acting at that moment, and ``registry.update_record``
checks the right itself. A save names the version the form started from: a save
made by someone else in between is refused and shown field by field.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.record_fields import DATE_MAX, DATE_MIN, FIELD_LABELS, MASKED, MAX_LENGTHS, PERSONAL_FIELDS
from fsdash.domain.statuses import HOST_KINDS, STATUSES
from fsdash.domain.territories import Departement
from fsdash.inputs import record_values
from fsdash.storage import registry, rights
from fsdash.storage.rights import User
from fsdash.ui import auth, cache
from fsdash.ui.common import md
from fsdash.ui.departement.sections import RESERVED
from fsdash.views import departement as stats
from fsdash.views.html_table import html_table

FLASH_KEY = "fiche-message"
REFUSAL_KEY = "fiche-refus"
ETP_CHOICES = (0.0, 0.5, 1.0)


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


def edit_section(departement: Departement, record: dict, user: User) -> None:
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
        slots: dict = {}
        with st.form(prefix + "form", enter_to_submit=False, border=False):
            left, right = st.columns(2)
            with left:
                st.selectbox(FIELD_LABELS["statut"], STATUSES, key=prefix + "statut", persist_state="page",
                             index=STATUSES.index(loaded["statut"]) if loaded["statut"] in STATUSES else 0)
                slots["statut"] = st.empty()
            etp_choices = ETP_CHOICES if loaded["etp"] in ETP_CHOICES else (*ETP_CHOICES, float(loaded["etp"]))
            with right:
                st.selectbox(FIELD_LABELS["etp"], etp_choices, key=prefix + "etp", persist_state="page",
                             index=etp_choices.index(loaded["etp"]), format_func=formatting.etp,
                             help="Laissé tel quel, il suit le statut : aucun et recrutement en cours 0, "
                                  "mi-temps 0,5, temps plein 1.")
                slots["etp"] = st.empty()
            left, right = st.columns(2)
            with left:
                st.text_input(FIELD_LABELS["structure_porteuse"], value=loaded["structure_porteuse"] or "",
                              key=prefix + "structure_porteuse", persist_state="page",
                              max_chars=MAX_LENGTHS["structure_porteuse"])
                slots["structure_porteuse"] = st.empty()
            kinds = ("", *HOST_KINDS)
            with right:
                st.selectbox(FIELD_LABELS["type_structure"], kinds, key=prefix + "type_structure",
                             persist_state="page", format_func=_kind_label,
                             index=kinds.index(loaded["type_structure"])
                             if loaded["type_structure"] in kinds else 0)
                slots["type_structure"] = st.empty()
            left, right = st.columns(2)
            with left:
                st.date_input(FIELD_LABELS["date_debut"], value=loaded["date_debut"], key=prefix + "date_debut",
                              persist_state="page",
                              min_value=DATE_MIN, max_value=DATE_MAX, format="DD/MM/YYYY")
                slots["date_debut"] = st.empty()
            with right:
                st.date_input(FIELD_LABELS["date_convention"], value=loaded["date_convention"],
                              key=prefix + "date_convention", persist_state="page", min_value=DATE_MIN,
                              max_value=DATE_MAX, format="DD/MM/YYYY")
                slots["date_convention"] = st.empty()
            st.number_input(FIELD_LABELS["financement_annuel"], value=loaded["financement_annuel"],
                            step=1000.0, format="%.0f", key=prefix + "financement_annuel",
                            persist_state="page", placeholder="ex. 50000",
                            help="Contribution annuelle versée pour le poste, en euros.")
            slots["financement_annuel"] = st.empty()
            st.text_area(FIELD_LABELS["commentaire"], value=loaded["commentaire"] or "",
                         key=prefix + "commentaire", persist_state="page", max_chars=MAX_LENGTHS["commentaire"])
            slots["commentaire"] = st.empty()
            if show_personal:
                columns = st.columns(3)
                for column, field in zip(columns, PERSONAL_FIELDS):
                    with column:
                        st.text_input(FIELD_LABELS[field], value=loaded[field] or "", key=prefix + field,
                                      persist_state="page", max_chars=MAX_LENGTHS[field])
                        slots[field] = st.empty()
            else:
                st.caption(f"Nom et coordonnées de l'animateur : {RESERVED}.")
            # The save runs in the callback, before the next run draws the page: it
            # asks who is acting at that moment, and fsdash checks the right.
            st.form_submit_button("Enregistrer", type="primary", icon=":material/save:", on_click=_submit,
                                  args=(code, prefix))
            slots["_form"] = st.empty()
        if errors:
            _show_errors(slots, errors)
        if conflict:
            _show_conflict(code, conflict, show_personal)


FORM_FIELDS: tuple[str, ...] = (
    "statut", "etp", "structure_porteuse", "type_structure", "date_debut", "date_convention",
    "financement_annuel", "commentaire", *PERSONAL_FIELDS,
)


def form_values(prefix: str, loaded: dict) -> dict:
    """What the form holds (its widgets' session state), as values for ``update_record``."""
    state = st.session_state
    values = {f: state[prefix + f] for f in FORM_FIELDS if prefix + f in state}
    if "etp" in values and values["etp"] == loaded["etp"]:
        del values["etp"]  # untouched: follows the status
    return values


def _submit(code: str, prefix: str) -> None:
    """« Enregistrer »: validate and save as the user acting now. Errors, conflicts
    and refusals are kept in session state, shown beside the fields (the typed
    values stay in the form) or, for a refusal, at the top of the page."""
    state = st.session_state
    loaded = state.get(prefix + "loaded")
    if loaded is None:
        return
    state.pop(prefix + "conflict", None)
    values = form_values(prefix, loaded)
    after, errors = record_values.prepare(loaded, values)
    if not errors and not record_values.Change(code, loaded, after).fields:
        state[prefix + "errors"] = {}
        st.toast("Aucun changement à enregistrer.", icon=":material/info:")
        return
    if errors:
        state[prefix + "errors"] = errors
        return
    user = auth.current_user()
    try:
        saved = registry.update_record(cache.db(), code, values, user, expected_version=loaded["version"])
    except rights.AccessDenied as exc:
        state[prefix + "errors"] = {}
        state[REFUSAL_KEY] = str(exc) + " Rien n'a été enregistré."
    except record_values.RecordError as exc:
        state[prefix + "errors"] = exc.errors
    except registry.ConcurrentEditError as exc:
        state[prefix + "errors"] = {}
        state[prefix + "conflict"] = (str(exc), exc.changed)
    except registry.StorageError as exc:
        state[prefix + "errors"] = {}
        state[REFUSAL_KEY] = str(exc)
    else:
        state[FLASH_KEY] = saved_message(code, saved, user)
        _reload(code)


def saved_message(code: str, saved: dict, user: User) -> str:
    """What a prefecture reads after « Enregistrer »: which fiche, when, by whom, and where to see it."""
    when = formatting.moment(saved.get("updated_at"))
    who = user.name or user.email
    return (f"Fiche de l'animateur enregistrée pour {auth.departement_label(code)} le {when} par {who}. "
            "Vos changements figurent dans l'historique de la fiche, plus bas sur cette page.")


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
