"""The data page's « Liste des sites » tab: the current version, importing a new list
(validated, compared, then confirmed), and the versions with their rollbacks."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.site_fields import COLUMNS
from fsdash.domain.text import date_in_name
from fsdash.inputs.differences import CATEGORIES, display_changes, display_sites
from fsdash.inputs.provenance import read_provenance
from fsdash.inputs.spreadsheets import to_csv_bytes, to_xlsx_bytes
from fsdash.storage import rights, site_imports, site_versions
from fsdash.storage.rights import User
from fsdash.ui import auth, cache
from fsdash.ui.common import md
from fsdash.ui.donnees.shared import MAX_UPLOAD_MB, RESERVED, XLSX_MIME, bump, flash, problems_table


def version_table(versions, current_id: int | None, user: User = rights.ANONYMOUS) -> pd.DataFrame:
    return pd.DataFrame([{
        "N°": v.id,
        "Courante": "oui" if v.id == current_id else "",
        "Fichier": v.file_name,
        "Source": v.source_label,
        "Date de l'extrait": formatting.day(v.extract_date) if v.extract_date else "inconnue",
        "Sites": v.valid_count,
        "Lignes écartées": v.error_count,
        "Enregistrée le": formatting.moment(v.created_at),
        "Par": rights.author(user, v.author),
        "SHA-256": v.sha256[:12] + "…",
    } for v in versions])


def history_table(frame: pd.DataFrame, user: User = rights.ANONYMOUS) -> pd.DataFrame:
    return pd.DataFrame({
        "Date": frame["changed_at"].map(formatting.moment),
        "Action": frame["action"].map(lambda a: site_versions.ACTION_LABELS.get(a, a)),
        "Version": frame["version_id"].map(str),
        "Version précédente": frame["previous_version_id"].map(lambda v: "" if pd.isna(v) else str(v)),
        "Par": frame["author"].map(lambda a: rights.author(user, a)),
        "Résumé": frame["summary"],
    })


def current_version_box(version, site_data, versions: list, user: User = rights.ANONYMOUS) -> None:
    if version is None:
        st.info("Aucune liste des sites n'est chargée. Envoyez la liste officielle ci-dessous, ou lancez "
                "`python -m fsdash fetch --import` depuis le dossier du projet.", icon=":material/info:")
        return
    st.markdown(f"**Version courante : n° {version.id}** – {md(version.file_name)}, "
                f"{md(version.source_label)} le {formatting.moment(version.created_at)} "
                f"par {md(rights.author(user, version.author))}.")
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
                             icon=":material/download:", key="sites_csv", on_click="ignore")
        right.download_button("Télécharger la version courante (XLSX)",
                              lambda: to_xlsx_bytes({"Sites France services": frame}),
                              file_name=f"{stem}-version-{version.id}.xlsx", mime=XLSX_MIME,
                              icon=":material/download:", key="sites_xlsx", on_click="ignore")


def _local_file_offer(version) -> dict | None:
    """The site file in the data folder, when no version holds it yet (e.g. after a plain ``fetch``).
    Its checksum is cached by modification time: the file is not read again on every rerun."""
    settings = cache.settings()
    path = settings.sites_path
    try:
        sha256 = cache.file_sha256(path)
    except OSError:
        return None
    if sha256 is None:
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
    bump("sites_upload_n")


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


def versions_section(version, versions: list, user: User) -> None:
    st.subheader("Versions enregistrées")
    engine = cache.db()
    if not versions:
        st.caption("Aucune version enregistrée.")
        return
    st.dataframe(version_table(versions, version.id if version else None, user), hide_index=True, width="stretch")
    earlier = [v for v in versions if version is None or v.id != version.id]
    if earlier and version is not None and not rights.can_import(user):
        st.caption(f"Retour à une version antérieure : {RESERVED}.")
    elif earlier and version is not None:
        st.markdown("**Revenir à une version antérieure** : elle redevient la liste affichée ; rien n'est supprimé "
                    "et le retour est noté dans l'historique.")
        by_id = {v.id: v for v in earlier}
        chosen = st.selectbox("Version à rétablir", list(by_id), key="rollback_target",
                              format_func=lambda i: by_id[i].label())
        summary, warning = cache.rollback_summary(version.id, chosen)
        st.caption(f"Différence avec la version courante : {md(summary)}")
        if warning:
            st.warning(warning, icon=":material/warning:")
        st.button(f"Rétablir la version n° {chosen}", key="rollback_confirm", icon=":material/history:",
                  on_click=_rollback, args=(chosen, version.id, summary))
    st.markdown("**Historique des changements de version**")
    st.dataframe(history_table(site_versions.history(engine), user), hide_index=True, width="stretch")


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
    current_version_box(version, site_data, versions, user)
    site_import_section(version, site_data, user)
    versions_section(version, versions, user)
