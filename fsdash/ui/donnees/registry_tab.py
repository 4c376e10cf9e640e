"""The data page's « Registre des animateurs » tab: downloads within the user's rights,
the template, and the all-or-nothing import of a whole registry (administrators)."""

from __future__ import annotations

import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs import record_values, statuses_file
from fsdash.storage import registry, registry_io, rights
from fsdash.storage.rights import User
from fsdash.ui import auth, cache
from fsdash.ui.common import md
from fsdash.ui.donnees.shared import MAX_UPLOAD_MB, RESERVED, XLSX_MIME, bump, flash, problems_table


def export_note(user: User) -> str:
    """What the registry downloads contain for ``user``, in French."""
    if rights.can_export_personal(user):
        return ("Les exports du registre contiennent les coordonnées des animateurs (nom, courriel, téléphone) : "
                "données personnelles, à ne diffuser qu'aux personnes habilitées.")
    if rights.may_export_personal(user, DEPARTEMENTS):
        return ("Les exports du registre contiennent les coordonnées des animateurs de vos départements "
                f"({', '.join(sorted(user.departements))}) seulement : données personnelles, à ne diffuser "
                "qu'aux personnes habilitées.")
    return "Les exports ne contiennent pas les données personnelles des animateurs (nom, courriel, téléphone)."


def registry_tab(user: User) -> None:
    engine = cache.db()
    st.subheader("Télécharger")
    columns = st.columns(4)
    # Built on click (deferred downloads): the registry as it is at that moment, as ``user`` may see it.
    columns[0].download_button("Registre actuel (CSV)", lambda: registry_io.export_bytes(engine, "csv", user),
                               file_name="registre-animateurs.csv", mime="text/csv", key="registry_csv",
                               icon=":material/download:", on_click="ignore")
    columns[1].download_button("Registre actuel (XLSX)", lambda: registry_io.export_bytes(engine, "xlsx", user),
                               file_name="registre-animateurs.xlsx", mime=XLSX_MIME, key="registry_xlsx",
                               icon=":material/download:", on_click="ignore")
    columns[2].download_button("Modèle vierge (CSV)", lambda: statuses_file.template_bytes("csv"),
                               file_name="modele-registre-animateurs.csv", mime="text/csv", key="template_csv",
                               icon=":material/download:", on_click="ignore")
    columns[3].download_button("Modèle vierge (XLSX)", lambda: statuses_file.template_bytes("xlsx"),
                               file_name="modele-registre-animateurs.xlsx", mime=XLSX_MIME, key="template_xlsx",
                               icon=":material/download:", on_click="ignore")
    st.caption(export_note(user) + " Le modèle XLSX a une feuille « Valeurs admises » :")
    accepted = statuses_file.accepted_values()
    st.table(accepted.rename(columns={"colonne": "Colonne", "valeurs admises": "Valeurs admises"}),
             hide_index=True, border="horizontal")
    periods_downloads()

    st.subheader("Importer le registre (CSV ou XLSX)")
    if not rights.can_import(user):
        st.caption(f"Import du registre entier : {RESERVED}. Une préfecture corrige la fiche de son département "
                   "sur la page du département.")
        return
    st.caption("Une ligne par département (la situation d'aujourd'hui) ou une ligne par période (colonne "
               "« date_effet »). Tout ou rien : le fichier est validé en entier, les changements sont présentés "
               "par département, et rien n'est modifié avant votre confirmation. Un fichier avec une seule erreur "
               "n'est pas importé.")
    uploaded = st.file_uploader("Registre des animateurs (CSV ou XLSX)",
                                key=f"statuses_upload_{st.session_state.get('statuses_upload_n', 0)}",
                                max_upload_size=MAX_UPLOAD_MB)
    if uploaded is None:
        st.session_state.pop("statuses_seen", None)
        return
    parsed = statuses_file.read_statuses(uploaded.getvalue(), uploaded.name)
    if not parsed.ok:
        st.error(f"Fichier « {md(parsed.name)} » refusé : {formatting.number(len(parsed.errors))} erreur(s), "
                 "rien n'a été importé. Corrigez-les et envoyez de nouveau le fichier.", icon=":material/block:")
        st.dataframe(problems_table(parsed.errors).drop(columns=["Niveau"]), hide_index=True, width="stretch")
        return
    seen = registry.data_version(engine)
    versions = registry.versions(engine)  # what this preview shows: the import is written against it
    preview = registry_io.preview(engine, parsed, user)
    if preview.empty:
        st.info(f"Le fichier « {md(parsed.name)} » ne change rien : le registre est déjà à jour.")
        return
    columns = st.columns(2)
    columns[0].metric("Départements modifiés", formatting.number(preview["departement"].nunique()))
    columns[1].metric("Champs modifiés", formatting.number(len(preview)))
    st.markdown("**Aperçu des changements (avant → après)**")
    st.dataframe(preview.rename(columns={"departement": "Département", "nom": "Nom", "champ": "Champ",
                                         "avant": "Avant", "après": "Après"}),
                 hide_index=True, width="stretch")
    previous = st.session_state.get("statuses_seen")
    if previous is not None and previous[0] == parsed.name and previous[1] != seen:
        st.warning("Le registre a été modifié depuis votre premier aperçu : l'aperçu ci-dessus est à jour, "
                   "vérifiez-le avant de confirmer.")
    st.session_state["statuses_seen"] = (parsed.name, seen)
    left, right = st.columns(2)
    left.button("Confirmer l'import du registre", type="primary", key="statuses_confirm", icon=":material/check:",
                on_click=_import_statuses, args=(parsed, seen, versions))
    cancelled = right.button("Annuler", key="statuses_cancel", icon=":material/close:")
    if cancelled:
        bump("statuses_upload_n")
        flash("info", "Import du registre annulé : rien n'a été modifié.")
        st.rerun()


def periods_downloads() -> None:
    """The registry's time axis as a file: every period (public fields only) and the
    long format's template, one row per period (``date_effet``)."""
    engine = cache.db()
    st.markdown("**Chronologie du registre : une ligne par période**")
    columns = st.columns(4)
    columns[0].download_button("Toutes les périodes (CSV)", lambda: registry_io.periods_bytes(engine, "csv"),
                               file_name="periodes-animateurs.csv", mime="text/csv", key="periods_csv",
                               icon=":material/download:", on_click="ignore")
    columns[1].download_button("Toutes les périodes (XLSX)", lambda: registry_io.periods_bytes(engine, "xlsx"),
                               file_name="periodes-animateurs.xlsx", mime=XLSX_MIME, key="periods_xlsx",
                               icon=":material/download:", on_click="ignore")
    columns[2].download_button("Modèle par périodes (CSV)", lambda: statuses_file.long_template_bytes("csv"),
                               file_name="modele-periodes-animateurs.csv", mime="text/csv", key="long_template_csv",
                               icon=":material/download:", on_click="ignore")
    columns[3].download_button("Modèle par périodes (XLSX)", lambda: statuses_file.long_template_bytes("xlsx"),
                               file_name="modele-periodes-animateurs.xlsx", mime=XLSX_MIME,
                               key="long_template_xlsx", icon=":material/download:", on_click="ignore")
    st.caption("Format par périodes (colonne « date_effet ») : plusieurs lignes par département, une par période ; "
               "à l'import, chaque département présent dans le fichier reçoit exactement ses périodes du fichier.")
    accepted = statuses_file.long_accepted_values()
    st.table(accepted.rename(columns={"colonne": "Colonne", "valeurs admises": "Valeurs admises"}),
             hide_index=True, border="horizontal")


def _import_statuses(parsed: statuses_file.StatusesFile, seen: tuple, versions: dict[str, int]) -> None:
    """« Confirmer l'import du registre » (callback), as the user acting now."""
    engine = cache.db()
    if registry.data_version(engine) != seen:
        flash("warning", "Le registre vient d'être modifié par quelqu'un d'autre : vérifiez l'aperçu mis à jour "
                         "puis confirmez de nouveau.")
        return
    try:
        changes = registry_io.import_statuses(engine, parsed, auth.current_user(), versions)
    except registry.ConcurrentImportError as exc:
        flash("warning", md(exc))
        return
    except registry.StorageError as exc:
        flash("error", md(exc))
        return
    except rights.AccessDenied as exc:
        flash("error", f"{md(exc)} Rien n'a été modifié.")
        return
    except (ValueError, record_values.RecordError) as exc:
        flash("error", f"Import refusé, rien n'a été modifié : {md(exc)}")
        return
    bump("statuses_upload_n")
    fields = sum(len(c.fields) for c in changes)
    flash("success", f"Registre importé : {formatting.number(len(changes))} département(s) modifié(s), "
                     f"{formatting.number(fields)} champ(s) changé(s).")
