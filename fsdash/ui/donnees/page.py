"""The data page: bring in a new site list and the statuses spreadsheet, see what is
wrong in the current list, and where every source comes from.

Nothing changes before a confirmation: an uploaded site list is validated and
compared with the current version first; an uploaded registry is validated and
previewed per département. Uploads, confirmations and rollbacks are offered to
those who may import (``rights.can_import``) and signed with their identity
(``auth.current_user``). Each confirmation runs in its button's callback, which
asks who is acting at click time; the fsdash functions check the right
themselves and refuse (recorded) otherwise. Registry downloads carry personal
data only within the user's rights (``registry_io.export_bytes``).
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.sources import CONTOURS, SITES
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.domain.text import date_in_name
from fsdash.inputs import quality as data_quality
from fsdash.inputs import record_values, statuses_file
from fsdash.inputs.differences import CATEGORIES, display_changes, display_sites
from fsdash.inputs.provenance import read_provenance
from fsdash.inputs.sites import COLUMNS
from fsdash.inputs.spreadsheets import to_csv_bytes, to_xlsx_bytes
from fsdash.storage import registry, registry_io, rights, site_imports, site_versions
from fsdash.storage.rights import User
from fsdash.ui import auth, cache, common
from fsdash.ui.common import md

TABS = ("Liste des sites", "Registre des animateurs", "Qualité des données", "Provenance")
FLASH = "donnees_flash"
MAX_UPLOAD_MB = 100  # the widget's limit; the site list's own limit is site_versions.MAX_IMPORT_BYTES
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RESERVED = "réservé à l'équipe nationale (ANCT)"


def flash(kind: str, text: str) -> None:
    """A message shown once, after the rerun that follows an action."""
    st.session_state[FLASH] = (kind, text)


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        kind, text = message
        {"success": st.success, "info": st.info, "error": st.error, "warning": st.warning}[kind](text)


def _bump(key: str) -> None:
    """A new key for an uploader empties it."""
    st.session_state[key] = st.session_state.get(key, 0) + 1


def problems_table(problems) -> pd.DataFrame:
    return pd.DataFrame(
        [{"Ligne": p.row, "Colonne": p.column or "", "Niveau": p.level, "Message": p.message} for p in problems],
        columns=["Ligne", "Colonne", "Niveau", "Message"],
    ).astype({"Ligne": "Int64"})


# --------------------------------------------------------------------------- site list


def version_table(versions, current_id: int | None) -> pd.DataFrame:
    return pd.DataFrame([{
        "N°": v.id,
        "Courante": "oui" if v.id == current_id else "",
        "Fichier": v.file_name,
        "Source": v.source_label,
        "Date de l'extrait": formatting.day(v.extract_date) if v.extract_date else "inconnue",
        "Sites": v.valid_count,
        "Lignes écartées": v.error_count,
        "Enregistrée le": formatting.moment(v.created_at),
        "Par": v.author,
        "SHA-256": v.sha256[:12] + "…",
    } for v in versions])


def history_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Date": frame["changed_at"].map(formatting.moment),
        "Action": frame["action"].map(lambda a: site_versions.ACTION_LABELS.get(a, a)),
        "Version": frame["version_id"].map(str),
        "Version précédente": frame["previous_version_id"].map(lambda v: "" if pd.isna(v) else str(v)),
        "Par": frame["author"],
        "Résumé": frame["summary"],
    })


def current_version_box(version, site_data, versions: list) -> None:
    if version is None:
        st.info("Aucune liste des sites n'est chargée. Envoyez la liste officielle ci-dessous, ou lancez "
                "`python -m fsdash fetch --import` depuis le dossier du projet.", icon=":material/info:")
        return
    st.markdown(f"**Version courante : n° {version.id}** – {md(version.file_name)}, "
                f"{md(version.source_label)} le {formatting.moment(version.created_at)} "
                f"par {md(version.author)}.")
    columns = st.columns(4)
    columns[0].metric("Sites dans la version courante", formatting.number(version.valid_count))
    columns[1].metric("Lignes écartées à la validation", formatting.number(version.error_count))
    columns[2].metric("Date de l'extrait", formatting.day(version.extract_date) if version.extract_date else "inconnue")
    columns[3].metric("Versions enregistrées", formatting.number(len(versions)))
    if site_data is not None and not site_data.sites.empty:
        frame = site_data.sites[list(COLUMNS)]
        stem = Path(version.file_name).stem
        left, right = st.columns(2)
        # Files are built on click (deferred downloads), not on every rerun.
        left.download_button("Télécharger la version courante (CSV)", lambda: to_csv_bytes(frame),
                             file_name=f"{stem}-version-{version.id}.csv", mime="text/csv",
                             icon=":material/download:", key="sites_csv")
        right.download_button("Télécharger la version courante (XLSX)",
                              lambda: to_xlsx_bytes({"Sites France services": frame}),
                              file_name=f"{stem}-version-{version.id}.xlsx", mime=XLSX_MIME,
                              icon=":material/download:", key="sites_xlsx")


def _local_file_offer(version) -> dict | None:
    """The site file in the data folder, when no version holds it yet (e.g. after a plain ``fetch``).
    Its checksum is cached by modification time: the file is not read again on every rerun."""
    settings = cache.settings()
    path = settings.sites_path
    modified = cache.file_mtime(path)
    if modified is None:
        return None
    try:
        sha256 = _file_sha256(str(path), modified)
    except OSError:
        return None
    if version is not None and (sha256 == version.sha256 or site_versions.has_checksum(cache.db(), sha256)):
        return None  # already a version (perhaps an earlier one: see the versions below)
    entry = read_provenance(settings.data_dir).get(path.name) or {}
    downloaded = entry.get("sha256") == sha256
    return {"name": path.name, "path": path, "sha256": sha256,
            "source": site_versions.SOURCE_DOWNLOAD if downloaded else site_versions.SOURCE_LOCAL,
            "url": (entry.get("final_url") or entry.get("url")) if downloaded else None,
            "fetched_at": entry.get("fetched_at") if downloaded else None}


def _pending_site_file(version) -> dict | None:
    """The file waiting for a decision: an upload, or the data folder's file when asked for."""
    uploaded = st.file_uploader(
        "Nouvelle liste des sites (CSV)", key=f"sites_upload_{st.session_state.get('sites_upload_n', 0)}",
        max_upload_size=MAX_UPLOAD_MB,
        help="La liste des structures France services au format CSV, telle que publiée sur data.gouv.fr ou "
             "réenregistrée par un tableur (point-virgule, Windows-1252, virgules décimales acceptés). "
             f"{site_versions.MAX_IMPORT_BYTES // 1_048_576} Mo au plus.",
    )
    if uploaded is not None:
        st.session_state.pop("sites_use_local", None)
        raw = uploaded.getvalue()
        return {"name": uploaded.name, "data": raw, "sha256": hashlib.sha256(raw).hexdigest(),
                "source": site_versions.SOURCE_UPLOAD, "url": None, "fetched_at": None}
    offer = _local_file_offer(version)
    if offer is None:
        st.session_state.pop("sites_use_local", None)
        return None
    if st.session_state.get("sites_use_local") == offer["sha256"]:
        return offer
    how = "téléchargé par `python -m fsdash fetch`" if offer["fetched_at"] else "présent dans le dossier des données"
    st.info(f"Le fichier « {md(offer['name'])} » {how} n'a pas encore été importé.",
            icon=":material/folder_open:")
    if st.button("Comparer ce fichier avec la version courante", key="sites_compare_local"):
        st.session_state["sites_use_local"] = offer["sha256"]
        st.rerun()
    return None


def _candidate(pending: dict, version, site_data) -> site_imports.Candidate:
    """Validation and difference for the pending file, computed once per file and current version."""
    cached = st.session_state.get("sites_candidate")
    base_id = version.id if version is not None else None
    if (cached is not None and cached.sha256 == pending["sha256"] and cached.name == pending["name"]
            and (cached.base.id if cached.base is not None else None) == base_id):
        return cached
    current = (version, site_data.sites) if version is not None and site_data is not None else None
    with st.spinner("Validation et comparaison avec la version courante…"):
        raw = pending["data"] if "data" in pending else pending["path"].read_bytes()  # a local file: read now
        candidate = site_imports.prepare(cache.db(), raw, pending["name"], current=current)
    st.session_state["sites_candidate"] = candidate
    return candidate


def _clear_pending() -> None:
    st.session_state.pop("sites_candidate", None)
    st.session_state.pop("sites_use_local", None)
    _bump("sites_upload_n")


def show_report(report) -> None:
    details = (f"{formatting.number(report.rows)} lignes lues, {formatting.number(report.valid)} valides, "
               f"{formatting.number(len(report.errors))} erreur(s) (lignes écartées), "
               f"{formatting.number(len(report.warnings))} avertissement(s)")
    if report.encoding:
        separator = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}.get(report.separator,
                                                                                 report.separator)
        details += f" ; encodage {report.encoding}, séparateur {separator}"
    (st.warning if report.errors else st.success)(f"Validation de « {md(report.file)} » : {details}.")
    if report.problems:
        with st.expander(f"Problèmes trouvés à la validation ({formatting.number(len(report.problems))})",
                         expanded=bool(report.errors)):
            st.dataframe(problems_table(report.problems), hide_index=True, width="stretch")


def show_diff(diff) -> None:
    counts = diff.counts()
    columns = st.columns(4)
    columns[0].metric("Sites ajoutés", formatting.number(counts["ajoutes"]))
    columns[1].metric("Sites supprimés", formatting.number(counts["supprimes"]))
    columns[2].metric("Sites modifiés", formatting.number(counts["modifies"]))
    columns[3].metric("Sites inchangés", formatting.number(diff.unchanged))
    st.markdown(f"**Différence avec la version courante** : {md(diff.summary())}")
    warning = diff.removal_warning()
    if warning:
        st.warning(warning, icon=":material/warning:")
    for title, table in (("Sites ajoutés", diff.added), ("Sites supprimés", diff.removed)):
        if not table.empty:
            with st.expander(f"{title} ({formatting.number(len(table))})"):
                st.dataframe(display_sites(table), hide_index=True, width="stretch")
    for key, (label, _) in CATEGORIES.items():
        table = diff.category_table(key)
        if not table.empty:
            with st.expander(f"{label} ({formatting.number(counts[key])} site(s), "
                             f"{formatting.number(len(table))} champ(s))"):
                st.dataframe(display_changes(table).drop(columns=["Catégorie"]), hide_index=True, width="stretch")


def site_import_section(version, site_data, user: User) -> None:
    st.subheader("Importer une nouvelle liste des sites")
    if not rights.can_import(user):
        st.caption(f"Import d'une nouvelle liste des sites : {RESERVED}.")
        return
    st.caption("Le fichier est d'abord validé puis comparé avec la version courante ; rien ne change avant "
               "votre confirmation. Les versions précédentes sont conservées.")
    pending = _pending_site_file(version)
    if pending is None:
        st.session_state.pop("sites_candidate", None)
        return
    candidate = _candidate(pending, version, site_data)
    report = candidate.report
    if candidate.rejected:
        st.error(f"Fichier refusé : {' '.join(report.file_errors)} La version courante est inchangée.",
                 icon=":material/block:")
        if report.problems:  # e.g. a first row cut short, that left no data row
            st.dataframe(problems_table(report.problems), hide_index=True, width="stretch")
        return
    show_report(report)
    if candidate.identical:
        st.info(f"Ce fichier est identique à la version courante (n° {candidate.base.id}) : rien à importer.")
        return
    show_diff(candidate.diff)
    fetched = pending.get("fetched_at")
    guess = (datetime.fromisoformat(fetched).date() if fetched
             else date_in_name(pending["name"]))
    st.date_input(  # read from its key by the confirmation's callback
        "Date de l'extrait", value=guess, format="DD/MM/YYYY", key=f"sites_extract_{pending['sha256'][:16]}",
        min_value=date(2019, 1, 1), max_value=date.today(),
        help="Date de la liste officielle (souvent dans le nom du fichier : liste-fs-AAAAMMJJ.csv). "
             "Laissez vide si vous ne la connaissez pas.",
    )
    left, right = st.columns(2)
    left.button("Confirmer l'import", type="primary", key="sites_confirm", icon=":material/check:",
                on_click=_import_sites, args=(pending["source"], pending.get("url"),
                                              f"sites_extract_{pending['sha256'][:16]}"))
    cancelled = right.button("Annuler", key="sites_cancel", icon=":material/close:")
    unchanged = ("la version courante est inchangée" if version is None
                 else f"la version courante (n° {version.id}) est inchangée")
    if cancelled:
        _clear_pending()
        flash("info", f"Import annulé : {unchanged}.")
        st.rerun()


def _import_sites(source: str, url: str | None, extract_key: str) -> None:
    """« Confirmer l'import » (callback): store the candidate the user saw, as the user acting now."""
    candidate = st.session_state.get("sites_candidate")
    if candidate is None:
        return
    try:
        new = site_imports.import_candidate(cache.db(), candidate, source=source, user=auth.current_user(),
                                             url=url, extract_date=st.session_state.get(extract_key))
    except rights.AccessDenied as exc:
        flash("error", f"{md(exc)} La version courante est inchangée.")
        return
    except site_versions.VersionError as exc:
        st.session_state.pop("sites_candidate", None)  # recompute against the new current version
        flash("error", str(exc))
        return
    _clear_pending()
    flash("success", f"Version n° {new.id} importée : c'est désormais la liste affichée par le tableau "
                     f"de bord ({formatting.number(new.valid_count)} sites). {candidate.diff.summary()}")


@st.cache_data(show_spinner=False, max_entries=8)
def _rollback_summary(url: str, current_id: int, target_id: int) -> tuple[str, str | None]:
    from fsdash.inputs.differences import diff_sites

    engine = cache.engine(url)
    diff = diff_sites(site_versions.load_version(engine, current_id)[0],
                      site_versions.load_version(engine, target_id)[0])
    return diff.summary(), diff.removal_warning()


def versions_section(version, versions: list, user: User) -> None:
    st.subheader("Versions enregistrées")
    engine = cache.db()
    if not versions:
        st.caption("Aucune version enregistrée.")
        return
    st.dataframe(version_table(versions, version.id if version else None), hide_index=True, width="stretch")
    earlier = [v for v in versions if version is None or v.id != version.id]
    if earlier and version is not None and not rights.can_import(user):
        st.caption(f"Retour à une version antérieure : {RESERVED}.")
    elif earlier and version is not None:
        st.markdown("**Revenir à une version antérieure** : elle redevient la liste affichée ; rien n'est supprimé "
                    "et le retour est noté dans l'historique.")
        by_id = {v.id: v for v in earlier}
        chosen = st.selectbox("Version à rétablir", list(by_id), key="rollback_target",
                              format_func=lambda i: by_id[i].label())
        summary, warning = _rollback_summary(cache.settings().database_url, version.id, chosen)
        st.caption(f"Différence avec la version courante : {md(summary)}")
        if warning:
            st.warning(warning, icon=":material/warning:")
        st.button(f"Rétablir la version n° {chosen}", key="rollback_confirm", icon=":material/history:",
                  on_click=_rollback, args=(chosen, version.id, summary))
    st.markdown("**Historique des changements de version**")
    st.dataframe(history_table(site_versions.history(engine)), hide_index=True, width="stretch")


def _rollback(target: int, expected: int, summary: str) -> None:
    """« Rétablir la version » (callback), as the user acting now."""
    try:
        site_imports.rollback(cache.db(), target, auth.current_user(), expected_current=expected)
    except rights.AccessDenied as exc:
        flash("error", f"{md(exc)} La version courante est inchangée.")
        return
    except site_versions.VersionError as exc:
        flash("error", str(exc))
        return
    st.session_state.pop("sites_candidate", None)
    flash("success", f"La version n° {target} est de nouveau la version courante. {summary}")


def sites_tab(version, site_data, user: User) -> None:
    versions = site_versions.list_versions(cache.db())  # read once, for the box and the table
    current_version_box(version, site_data, versions)
    site_import_section(version, site_data, user)
    versions_section(version, versions, user)


# --------------------------------------------------------------------------- registry


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
                               icon=":material/download:")
    columns[1].download_button("Registre actuel (XLSX)", lambda: registry_io.export_bytes(engine, "xlsx", user),
                               file_name="registre-animateurs.xlsx", mime=XLSX_MIME, key="registry_xlsx",
                               icon=":material/download:")
    columns[2].download_button("Modèle vierge (CSV)", lambda: statuses_file.template_bytes("csv"),
                               file_name="modele-registre-animateurs.csv", mime="text/csv", key="template_csv",
                               icon=":material/download:")
    columns[3].download_button("Modèle vierge (XLSX)", lambda: statuses_file.template_bytes("xlsx"),
                               file_name="modele-registre-animateurs.xlsx", mime=XLSX_MIME, key="template_xlsx",
                               icon=":material/download:")
    st.caption(export_note(user) + " Le modèle XLSX a une feuille « Valeurs admises » :")
    accepted = statuses_file.accepted_values()
    st.table(accepted.rename(columns={"colonne": "Colonne", "valeurs admises": "Valeurs admises"}),
             hide_index=True, border="horizontal")

    st.subheader("Importer le registre (CSV ou XLSX)")
    if not rights.can_import(user):
        st.caption(f"Import du registre entier : {RESERVED}. Une préfecture corrige la fiche de son département "
                   "sur la page du département.")
        return
    st.caption("Tout ou rien : le fichier est validé en entier, les changements sont présentés par département, "
               "et rien n'est modifié avant votre confirmation. Un fichier avec une seule erreur n'est pas importé.")
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
                on_click=_import_statuses, args=(parsed, seen))
    cancelled = right.button("Annuler", key="statuses_cancel", icon=":material/close:")
    if cancelled:
        _bump("statuses_upload_n")
        flash("info", "Import du registre annulé : rien n'a été modifié.")
        st.rerun()


def _import_statuses(parsed: statuses_file.StatusesFile, seen: tuple) -> None:
    """« Confirmer l'import du registre » (callback), as the user acting now."""
    engine = cache.db()
    if registry.data_version(engine) != seen:
        flash("warning", "Le registre vient d'être modifié par quelqu'un d'autre : vérifiez l'aperçu mis à jour "
                         "puis confirmez de nouveau.")
        return
    try:
        changes = registry_io.import_statuses(engine, parsed, auth.current_user())
    except rights.AccessDenied as exc:
        flash("error", f"{md(exc)} Rien n'a été modifié.")
        return
    except (ValueError, record_values.RecordError) as exc:
        flash("error", f"Import refusé, rien n'a été modifié : {md(exc)}")
        return
    _bump("statuses_upload_n")
    fields = sum(len(c.fields) for c in changes)
    flash("success", f"Registre importé : {formatting.number(len(changes))} département(s) modifié(s), "
                     f"{formatting.number(fields)} champ(s) changé(s).")


# --------------------------------------------------------------------------- quality


@st.cache_data(show_spinner="Vérification de la liste…", max_entries=4)
def _checks(url: str, version_id: int, sha256: str, contours_key: tuple | None, _sites: pd.DataFrame,
            _report) -> list[data_quality.Check]:
    """The quality checks of a version (the key arguments say which; ``_sites`` and ``_report`` are its data)."""
    return data_quality.run_checks(_sites, cache.contours() if contours_key else None, _report)


def quality_tab(version, site_data) -> None:
    if version is None or site_data is None:
        st.info("Aucune liste des sites n'est chargée : rien à vérifier.")
        return
    settings = cache.settings()
    contours_path, modified = settings.contours_path, cache.file_mtime(settings.contours_path)
    contours_key = (str(contours_path), modified) if modified is not None and cache.contours() is not None else None
    checks = _checks(settings.database_url, version.id, version.sha256, contours_key, site_data.sites,
                     site_data.report)
    st.markdown(f"Vérifications de la version courante (n° {version.id}, {md(version.file_name)}). "
                "Chaque ligne renvoie à la page de son département.")
    summary = pd.DataFrame({"Vérification": [c.title for c in checks],
                            "Éléments": [c.count for c in checks]})
    st.dataframe(summary, hide_index=True, width="stretch")
    for check in checks:
        with st.expander(f"{check.title} ({formatting.number(check.count)})"):
            st.caption(check.explanation)
            if check.note:
                st.warning(check.note)
            if check.count:
                table = check.items.rename(columns={"insee_dep": "Code", "departement": "Département",
                                                    "id_fs": "Identifiant", "lib_fs": "Site", "detail": "Détail",
                                                    "page": "Page"})
                st.dataframe(table, hide_index=True, width="stretch", column_config={
                    "Page": st.column_config.LinkColumn("Page", display_text="Ouvrir",
                                                        help="Page du département"),
                })
            elif not check.note:
                st.caption("Rien à signaler.")
    items = data_quality.all_items(checks)
    if not items.empty:
        st.download_button("Télécharger tous les points à vérifier (CSV)", lambda: to_csv_bytes(items),
                           file_name=f"verifications-version-{version.id}.csv", mime="text/csv",
                           key="quality_csv", icon=":material/download:")


# --------------------------------------------------------------------------- provenance


@st.cache_data(show_spinner=False, max_entries=4)
def _file_sha256(path: str, modified: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _moment_iso(text: str | None) -> str:
    if not text:
        return "inconnue"
    try:
        return formatting.moment(datetime.fromisoformat(text))
    except ValueError:
        return text


def provenance_rows(version, user: User = rights.ANONYMOUS) -> list[dict]:
    settings = cache.settings()
    rows = []
    if version is not None:
        rows.append({
            "Source": "Liste des structures France services",
            "Éditeur": "ANCT (Agence nationale de la cohésion des territoires)",
            "Licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
            "Adresse officielle": version.url or settings.sites_url,
            "Date de l'extrait": formatting.day(version.extract_date) if version.extract_date else "inconnue",
            "Fichier": f"{version.file_name} (version n° {version.id}, {version.source_label})",
            "Empreinte SHA-256": version.sha256,
            "Chargée le": f"{formatting.moment(version.created_at)} par {version.author}",
        })
    else:
        rows.append({"Source": "Liste des structures France services", "Éditeur": "ANCT",
                     "Licence": "Licence Ouverte / Open Licence 2.0 (Etalab)", "Adresse officielle": settings.sites_url,
                     "Date de l'extrait": "—", "Fichier": "aucune version chargée", "Empreinte SHA-256": "—",
                     "Chargée le": "—"})
    path = settings.contours_path
    entry = read_provenance(settings.data_dir).get(path.name) or {}
    try:
        modified = path.stat().st_mtime
        sha256 = _file_sha256(str(path), modified)
        loaded = (_moment_iso(entry.get("fetched_at")) if entry.get("sha256") == sha256
                  else formatting.moment(datetime.fromtimestamp(modified, UTC)) + " (date du fichier)")
    except OSError:
        sha256, loaded = "fichier absent", "—"
    rows.append({
        "Source": "Contours des départements",
        "Éditeur": "Etalab, d'après IGN ADMIN EXPRESS",
        "Licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
        "Adresse officielle": entry.get("url") or settings.contours_url,
        "Date de l'extrait": "millésime 2024",
        "Fichier": path.name,
        "Empreinte SHA-256": sha256,
        "Chargée le": loaded,
    })
    last = registry.history(cache.db(), limit=1)
    # Who edited the registry last: for those who may see that département's history only.
    by = (last["author"].iloc[0] if not last.empty and rights.can_see_history(user, last["departement"].iloc[0])
          else None)
    rows.append({
        "Source": "Registre des animateurs départementaux",
        "Éditeur": "ANCT et préfectures (saisie dans ce tableau de bord)",
        "Licence": "données internes, non publiées",
        "Adresse officielle": "",
        "Date de l'extrait": "—",
        "Fichier": "base de données du tableau de bord" + (" (données de démonstration)" if cache.is_demo() else ""),
        "Empreinte SHA-256": "—",
        "Chargée le": (f"dernière modification le {formatting.moment(last['changed_at'].iloc[0])}"
                       + (f" par {by}" if by else "")) if not last.empty else "jamais modifié",
    })
    return rows


_URL_RE = re.compile(r"^https?://[^\s()<>\[\]]+$")


def _markdown_value(key: str, value: str) -> str:
    if key == "Adresse officielle":
        return f"[{md(value)}]({value})" if _URL_RE.match(value or "") else (md(value) or "—")
    if key == "Empreinte SHA-256" and len(value) == 64:
        return f"`{value}`"
    return md(value)


def provenance_tab(version, user: User) -> None:
    st.markdown("D'où viennent les données affichées par le tableau de bord.")
    for row in provenance_rows(version, user):
        with st.container(border=True):
            st.markdown(f"**{md(row['Source'])}**\n\n" + "\n".join(
                f"- {key} : {_markdown_value(key, value)}" for key, value in row.items() if key != "Source"))
    st.caption(f"{SITES.citation}. {CONTOURS.citation}.")


# --------------------------------------------------------------------------- page


def render() -> None:
    st.title("Données")
    user = auth.current_user()
    auth.sidebar_identity(user)
    common.demo_banner()
    show_flash()
    version = cache.current_version()
    site_data = cache.site_data()
    sites, registry_, quality, provenance = st.tabs(list(TABS))
    with sites:
        sites_tab(version, site_data, user)
    with registry_:
        registry_tab(user)
    with quality:
        quality_tab(version, site_data)
    with provenance:
        provenance_tab(version, user)
    common.sources_footer()
