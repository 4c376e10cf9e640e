"""The page of one département, at ``/departement?dep=CODE``.

What a prefecture bookmarks: its map, its facilitator card and the form to
correct it, its sites with every detail and the data-quality warnings, its
figures beside the national ones, the record's history, and exports for its
meetings. The URL always holds the département shown (``?dep=37``), so the
address bar is a link that reopens the same view.

Who sees and changes what comes from ``fsdash.access`` for the signed-in user
(``auth.current_user``): the edit form only for those who may edit the record,
the facilitator's name and contact (card, history, PDF fiche) only for
those who may see them. The save button's callback asks for the user again at
click time and ``registry.update_record`` checks the right itself: hiding the
form is a convenience, not the protection.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.record_fields import FIELD_LABELS, PERSONAL_FIELDS
from fsdash.domain.sources import CONTOURS, SITES
from fsdash.domain.statuses import HOST_KINDS, STATUSES
from fsdash.domain.territories import CODES, DEPARTEMENTS, Departement, find_departement, search_departements
from fsdash.inputs import record_values
from fsdash.inputs.contours import bounds as contour_bounds
from fsdash.inputs.spreadsheets import to_csv_bytes, to_xlsx_bytes
from fsdash.storage import registry, rights
from fsdash.storage.rights import User
from fsdash.ui import auth, cache, common, fiches
from fsdash.ui.elements import leaflet_map, table_sort
from fsdash.views import departement as stats
from fsdash.views import maps
from fsdash.views.html_figures import Figure, html_figures
from fsdash.views.html_table import html_table

PARAM = "dep"
CHOICE_KEY = "departement-choix"
CHOICE_MESSAGE_KEY = "departement-choix-message"
FLASH_KEY = "fiche-message"
REFUSAL_KEY = "fiche-refus"
RESERVED = "réservé à l'ANCT et à la préfecture du département"
# Above this many sites, markers close to each other merge into clusters at the
# département's zoom; below, only markers that overlap do (same address, same town).
DENSE_SITES = 80
DENSE_CLUSTER_RADIUS = 40
OVERLAP_CLUSTER_RADIUS = 12
ETP_CHOICES = (0.0, 0.5, 1.0)
DATE_MIN, DATE_MAX = date(2015, 1, 1), date(2040, 12, 31)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text) -> str:
    """Text from data, made inert in Markdown (no link, no emphasis, no HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def label(code: str) -> str:
    return DEPARTEMENTS[code].label if code in DEPARTEMENTS else str(code)


# --------------------------------------------------------------------------- selector


def _on_choice() -> None:
    """Selector callback: resolve the typed code or name and put it in the URL."""
    value = st.session_state.get(CHOICE_KEY)
    if not value:
        return
    hits = search_departements(str(value))
    if len(hits) == 1:
        st.query_params[PARAM] = hits[0].code
        st.session_state.pop(CHOICE_MESSAGE_KEY, None)
    else:
        st.session_state[CHOICE_MESSAGE_KEY] = (str(value), [h.code for h in hits])


def _ambiguity(query: str, codes: list[str], where: str) -> str:
    if not codes:
        return (f"Aucun département ne correspond à « {md(query)} »{where}. "
                "Tapez un code ou un nom : 37, Indre, Réunion, 2A…")
    shown = ", ".join(md(label(c)) for c in codes[:12]) + (" …" if len(codes) > 12 else "")
    return f"Plusieurs départements correspondent à « {md(query)} »{where} : {shown}. Précisez votre choix."


def selector() -> Departement | None:
    """The département chosen in the URL (``?dep=``), with the selector bound to it."""
    raw = (st.query_params.get(PARAM) or "").strip()
    departement = find_departement(raw) if raw else None
    if departement is not None:
        if raw != departement.code:
            st.query_params[PARAM] = departement.code  # « 2a », « indre » → the canonical code
        st.session_state[CHOICE_KEY] = departement.code
    elif st.session_state.get(CHOICE_KEY) not in DEPARTEMENTS:
        st.session_state[CHOICE_KEY] = None
    st.selectbox(
        "Département", CODES, index=None, format_func=label, key=CHOICE_KEY, on_change=_on_choice,
        accept_new_options=True, placeholder="Code ou nom : 37, Indre, Réunion, 2A…",
        help="Tapez un code ou un nom (accents et majuscules indifférents) puis Entrée. "
             "L'adresse de la page change avec le choix : ajoutez-la à vos favoris.",
    )
    message = st.session_state.pop(CHOICE_MESSAGE_KEY, None)
    if message:
        st.warning(_ambiguity(message[0], message[1], ""), icon=":material/search_off:")
    if raw and departement is None:
        st.error(_ambiguity(raw, [d.code for d in search_departements(raw)], " dans l'adresse de la page"),
                 icon=":material/error:")
    elif not raw:
        st.info("Choisissez un département ci-dessus pour voir ses sites, son animateur et ses chiffres.",
                icon=":material/location_city:")
    return departement


# --------------------------------------------------------------------------- map


@st.cache_data(show_spinner=False, max_entries=128)
def _local_geometries(path: str, modified: float, code: str) -> maps.PackedGeometries:
    """The contour of ``code`` and of its neighbours, packed: a small payload."""
    features = cache._display_features(path, modified)  # computed once for both maps
    codes = [code] + stats.neighbour_codes(cache._contours(path, modified).geometries, code)
    return maps.pack_geometries({c: features[c] for c in codes if c in features})


def local_geometries(code: str) -> maps.PackedGeometries:
    path = cache.settings().contours_path
    modified = cache.file_mtime(path)
    if modified is None or cache.contours() is None:
        return maps.pack_geometries({})
    return _local_geometries(str(path), modified, code)


def map_fit(code: str, sites: pd.DataFrame):
    """Bounds to fit: the contour and every site (a site outside its contour stays in
    view), or the sites alone for a territory without a contour. None without both."""
    contours = cache.contours()
    fit = contour_bounds(contours, code) if contours is not None else None
    around = stats.sites_bounds(sites, margin=0.01)
    if fit is None or around is None:
        return fit or around, fit is not None
    (s1, w1), (n1, e1) = fit
    (s2, w2), (n2, e2) = around
    return ((min(s1, s2), min(w1, w2)), (max(n1, n2), max(e1, e2))), True


@st.cache_resource(show_spinner=False, max_entries=32)
def _departement_map(_geometries, _records, _sites, _site_counts, _fit, code: str, dense: bool,
                     sites_key: tuple, key: tuple) -> maps.BrowserMap:
    """One département's map as the browser runs it, built once per ``key`` (site
    list, contours, statuses, tiles): going back to a département builds nothing."""
    settings = cache.settings()
    folium_map = maps.build_map(
        _geometries, _records, _sites, _site_counts, shown={code}, focus=code, fit=_fit,
        cluster_radius=DENSE_CLUSTER_RADIUS if dense else OVERLAP_CLUSTER_RADIUS,
        site_data=cache.site_layer_data(_sites, sites_key), padding=maps.LEGEND_PADDING, legend_counts=False,
        tiles_url=settings.tiles_url, tiles_attribution=settings.tiles_attribution,
    )
    return maps.browser_map(folium_map, "fsdash_carte_departement")


def departement_map(departement: Departement, all_sites: pd.DataFrame, sites: pd.DataFrame,
                    records: pd.DataFrame, site_data: cache.SiteData) -> None:
    """The département's map. The map element stays mounted when another
    département is chosen: Leaflet is already loaded, only the map is replaced."""
    code = departement.code
    fit, has_contour = map_fit(code, sites)
    settings = cache.settings()
    geometries = local_geometries(code)
    dense = len(sites) > DENSE_SITES
    sites_key = (str(site_data.path), site_data.modified, code)
    key = (sites_key, fit, geometries.digest, tuple(zip(records["departement"], records["statut"])),
           settings.tiles_url, settings.tiles_attribution)
    browser_map = _departement_map(geometries, records, sites, all_sites["insee_dep"].value_counts().to_dict(),
                                   fit, code, dense, sites_key, key)
    leaflet_map.show(browser_map, key="carte-departement", height=480,
                     label=f"Carte du département {departement.nom} et de ses sites France services")
    notes = ["Les départements voisins sont grisés (cliquez pour ouvrir leur page dans un nouvel onglet)."
             if has_contour else
             "Pas de contour pour ce territoire dans le fichier des contours : la carte montre ses sites."]
    notes.append("Cliquez sur un site pour ses horaires et contacts.")
    if not dense:
        notes.append("Les sites à la même adresse sont regroupés : cliquez pour les séparer.")
    st.caption(" ".join(notes))


# --------------------------------------------------------------------------- card, figures, table


def shown_record(record: dict, user: User) -> dict:
    """The record as ``user`` may see it: personal values blanked, and the last
    editor's name masked, for those without the right to the département's history."""
    code = record["departement"]
    shown = dict(record)
    if not rights.can_see_personal(user, code):
        shown.update({f: "" for f in PERSONAL_FIELDS})
    if not rights.can_see_history(user, code) and shown.get("updated_by"):
        shown["updated_by"] = stats.MASKED
    return shown


def facilitator_card(record: dict, show_personal: bool) -> None:
    with st.container(border=True):
        st.subheader("Animateur départemental")
        rows = stats.card_rows(record, show_personal)
        st.markdown("\n".join(f"- **{label}** : {md(value)}" for label, value in rows))
        if not show_personal:
            st.caption(f"Nom et coordonnées de l'animateur : accès {RESERVED}.")


def figures_section(departement: Departement, comparison: stats.Comparison) -> None:
    d, n = comparison.departement, comparison.national
    st.subheader("Chiffres clés")
    rank = comparison.rank
    na = "–"
    st.html(html_figures([
        Figure("Sites France services", formatting.number(d.sites), f"France entière : {formatting.number(n.sites)}"),
        Figure("Rang pour le nombre de sites", rank.ordinal,
               f"sur {rank.total} territoires" + (", ex æquo" if rank.tied else "") + " ; 1er = le plus de sites"),
        Figure("Part de sites itinérants",
               formatting.percent(d.itinerant_share, 1) if d.itinerant_share is not None else na,
               f"formats bus et itinérante ; France entière : {formatting.percent(n.itinerant_share, 1)}"),
        Figure("Sites par ETP d'animation",
               formatting.number(d.sites_per_etp, 1) if d.sites_per_etp is not None else na,
               "sites ÷ temps de l'animateur (0 ETP : sans objet) ; France entière : "
               + (formatting.number(n.sites_per_etp, 1) if n.sites_per_etp is not None else na)),
    ], f"Chiffres clés de {departement.nom}"))
    # A plain HTML table: lighter for the browser than st.table or a data grid.
    st.html(html_table(comparison.frame(departement.nom),
                       f"{departement.nom} et la France entière : chiffres clés des sites France services"))


def sites_section(departement: Departement, table: pd.DataFrame, fiche_pdf) -> None:
    code = departement.code
    st.subheader(f"Sites France services ({formatting.number(len(table))})")
    warnings = int((table[stats.QUALITY_COLUMN] != "").sum())
    if warnings:
        st.warning(f"{warnings} site(s) à plus de 2 km hors du contour du département : coordonnées ou code "
                   "département à vérifier (colonne « Alerte qualité », lignes en rouge).",
                   icon=":material/warning:")
    query = st.text_input("Rechercher dans les sites", key=f"recherche-{code}",
                          placeholder="nom, commune, téléphone, horaires…")
    shown = stats.search_table(table, query)
    if query:
        st.caption(f"{formatting.number(len(shown))} site(s) sur {formatting.number(len(table))} "
                   f"contiennent « {md(query)} ».")
    order = ["Nom"] + ([stats.QUALITY_COLUMN] if warnings else []) + [
        c for c in stats.TABLE_COLUMNS if c not in ("Nom", stats.QUALITY_COLUMN)]
    # A plain HTML table, sorted in the browser (fsdash.ui.table_sort): read cell by
    # cell by screen readers, and without the data-grid widget, which delayed the
    # painted map by about a quarter of a second.
    table_sort.enable()
    st.html(html_table(
        shown[order], f"Sites France services de {departement.nom} : cliquez sur un en-tête pour trier"
                      + (" ; lignes en rouge : alerte qualité" if warnings else ""),
        sortable=True, wide=True, warn=(lambda row: bool(row[stats.QUALITY_COLUMN])) if warnings else None,
        formats={"Labellisation": formatting.day},
        sort_values={"Labellisation": lambda d: "" if pd.isna(d) else d.strftime("%Y-%m-%d")},
    ))
    columns = st.columns(3)
    suffix = f" – {formatting.number(len(shown))} site(s) filtré(s)" if query else ""
    columns[0].download_button(
        f"Tableau des sites (CSV){suffix}", lambda: to_csv_bytes(shown), file_name=f"sites-france-services-{code}.csv",
        mime="text/csv", icon=":material/download:", on_click="ignore", key=f"csv-{code}",
    )
    columns[1].download_button(
        f"Tableau des sites (XLSX){suffix}", lambda: to_xlsx_bytes({f"Sites {code}": shown}),
        file_name=f"sites-france-services-{code}.xlsx", icon=":material/download:", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx-{code}",
    )
    fiches.departement_button(columns[2], code, fiche_pdf)  # the PDF fiche, built on click


def history_section(code: str, user: User) -> None:
    """The record's history as ``user`` may see it: without the rows of personal
    fields, and without the authors' names, unless allowed (``fsdash.access``)."""
    st.subheader("Historique de la fiche")
    history = rights.visible_history(user, registry.history(cache.db(), code))
    table = stats.history_table(history, rights.can_see_personal(user, code))
    if table.empty:
        st.caption("Aucune modification enregistrée pour ce département.")
        return
    full = rights.can_see_history(user, code)
    if not full:
        table["Auteur"] = stats.MASKED
    st.html(html_table(table, f"Historique de la fiche ({len(table)} changement(s), le plus récent en premier)"))
    if not full:
        st.caption(f"Changements des coordonnées de l'animateur et auteurs des modifications : accès {RESERVED}.")


# --------------------------------------------------------------------------- edit form


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
                              key=prefix + "structure_porteuse", persist_state="page", max_chars=300)
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
                         key=prefix + "commentaire", persist_state="page", max_chars=2000)
            slots["commentaire"] = st.empty()
            if show_personal:
                columns = st.columns(3)
                for column, field in zip(columns, PERSONAL_FIELDS):
                    with column:
                        st.text_input(FIELD_LABELS[field], value=loaded[field] or "", key=prefix + field,
                                      persist_state="page")
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
    else:
        state[FLASH_KEY] = (f"Fiche du département {code} enregistrée (version {saved['version']}), "
                            f"signée {user.label}.")
        _reload(code)


def _show_conflict(code: str, conflict: tuple, show_personal: bool) -> None:
    message, changed = conflict
    st.error(md(message), icon=":material/sync_problem:")
    if changed:
        rows = [
            (FIELD_LABELS.get(f, f),
             stats.MASKED if f in PERSONAL_FIELDS and not show_personal else stats.field_text(f, before),
             stats.MASKED if f in PERSONAL_FIELDS and not show_personal else stats.field_text(f, after))
            for f, (before, after) in changed.items()
        ]
        st.html(html_table(pd.DataFrame(rows, columns=["Champ", "Valeur quand vous avez ouvert la fiche",
                                                       "Valeur enregistrée entre-temps"]),
                           "Modifié entre-temps"))
    st.button("Recharger la fiche enregistrée (vos saisies seront remplacées)", key=f"recharger-{code}",
              on_click=_reload, args=(code,), icon=":material/refresh:")


# --------------------------------------------------------------------------- page


def _sources() -> list[str]:
    settings = cache.settings()
    return [
        f"{SITES.citation}, extrait du {common.sites_extract_date()}.",
        f"{CONTOURS.citation}, fichier du {common.extract_date(settings.contours_path)}.",
        "Registre des animateurs : saisi par l'ANCT et les préfectures"
        + (" (données de démonstration)." if cache.is_demo() else "."),
    ]


def render() -> None:
    missing = cache.missing_files()
    if missing:
        common.missing_data_page(missing)
        return
    user = auth.current_user()
    auth.sidebar_identity(user)
    raw = (st.query_params.get(PARAM) or "").strip()
    known = find_departement(raw) if raw else None
    st.title(f"{known.nom} ({known.code})" if known else "Page d'un département")
    departement = selector()
    if departement is None:
        common.sources_footer()
        return
    code = departement.code
    common.demo_banner()
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(md(flash), icon=":material/check_circle:")
    refusal = st.session_state.pop(REFUSAL_KEY, None)
    if refusal:
        st.error(md(refusal), icon=":material/block:")
    site_data = cache.site_data()
    if site_data.report.rejected:
        st.error("La liste des sites est illisible : " + md(" ".join(site_data.report.file_errors))
                 + " Remplacez-la (page « Données » ou `python -m fsdash fetch`).")
        return
    # The map and the card first (what the page is opened for), the rest after.
    records = cache.records()
    show_personal = rights.can_see_personal(user, code)
    record = registry.get_record(cache.db(), code)
    shown = shown_record(record, user)
    sites = stats.departement_sites(site_data.sites, code)
    st.caption(f"Région {md(departement.region)} · {formatting.number(len(sites))} site(s) France services · "
               f"animateur : {md(record['statut'])}")
    left, right = st.columns([3, 2])
    with left:
        departement_map(departement, site_data.sites, sites, records, site_data)
    with right:
        facilitator_card(shown, show_personal)

    flagged = cache.flagged_sites(site_data)  # the version just read, not read again
    table = stats.sites_table(sites, flagged[flagged["insee_dep"] == code] if len(flagged) else None)
    comparison = stats.compare(code, site_data.sites, records)
    figures_section(departement, comparison)
    sources = _sources()
    sites_section(departement, table, fiches.departement_pdf(code, record, records, site_data.sites, flagged,
                                                             sources, user))
    edit_section(departement, record, user)
    history_section(code, user)
    common.sources_footer()
