"""The national map page: départements by facilitator status, all sites, figures.

Public data only (no facilitator's name or contact, whoever is signed in): the
page only says who the dashboard believes you are."""

from __future__ import annotations

import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.site_fields import FORMAT_LABELS, SITE_TYPES
from fsdash.domain.statuses import STATUSES
from fsdash.domain.territories import VIEWS
from fsdash.inputs.spreadsheets import to_csv_bytes
from fsdash.ui import auth, cache, common, fiches, page_data
from fsdash.ui.elements import leaflet_map
from fsdash.ui.national import sections, timeline
from fsdash.views import maps
from fsdash.views import national as figures
from fsdash.views.html_figures import Figure, html_figures

MAP_KEY, MAP_HEIGHT = "carte-nationale", 640
DEFAULT_TERRITORY = "Métropole"
NO_FILTER = {"regions": [], "statuses": [], "types": [], "formats": []}
# What the address may choose (widgets bound to it, and the points d'attention).
ADDRESS_KEYS = ("date", "region", "statut", "type", "format", "territoire", sections.ATTENTION_KEY)


def sidebar_filters(records) -> dict:
    with st.sidebar:
        st.header("Filtres")
        regions = sorted(records["region"].unique())
        chosen_regions = st.multiselect("Région", regions, key="region", bind="query-params",
                                        placeholder="Toutes les régions")
        chosen_statuses = st.multiselect("Statut de l'animateur", list(STATUSES), key="statut",
                                         bind="query-params", placeholder="Tous les statuts")
        chosen_types = st.multiselect("Type de site", list(SITE_TYPES), key="type", bind="query-params",
                                      placeholder="Tous les types")
        chosen_formats = st.multiselect("Format de site", list(FORMAT_LABELS), key="format", bind="query-params",
                                        format_func=lambda f: FORMAT_LABELS.get(f, f),
                                        placeholder="Tous les formats")
    return {"regions": chosen_regions, "statuses": chosen_statuses, "types": chosen_types,
            "formats": chosen_formats}


def headline(shown_records, sites, day) -> None:
    h = figures.headline(shown_records, sites)
    vacant = h.by_status["recrutement en cours"] + h.by_status["aucun"]
    st.html(html_figures([
        Figure("Sites France services affichés", formatting.number(h.sites)),
        Figure("Animateur à temps plein", f"{h.by_status['temps plein']} départ.",
               f"{formatting.percent(h.full_time_share)} des territoires affichés ({h.departements})"),
        Figure("À mi-temps", f"{h.by_status['mi-temps']} départ."),
        Figure("Postes vacants ou absents", f"{vacant} départ.",
               f"recrutement en cours : {h.by_status['recrutement en cours']} ; aucun animateur : "
               f"{h.by_status['aucun']} ; non renseigné : {h.by_status['non renseigné']}"),
        Figure("Contribution État / an", formatting.euros(h.annual_contribution),
               f"forfait implicite du registre : {formatting.euros(figures.STATE_CONTRIBUTION[0.5])} par mi-temps, "
               f"{formatting.euros(figures.STATE_CONTRIBUTION[1.0])} par temps plein"),
    ], f"Chiffres clés des territoires affichés au {formatting.day(day)}"))
    st.caption(f"Départements par statut de l'animateur au {formatting.day(day)} : "
               + " · ".join(f"{s} : {h.by_status[s]}" for s in STATUSES))


def map_spec(layers, records, sites, shown, filters, day, territory: str) -> dict:
    """What the map element receives: the départements and the sites on ``day``, in ``territory``'s view."""
    settings = cache.settings()
    return cache.map_spec(
        layers=layers.urls, codes=layers.codes, records=records,
        site_counts=cache.derived(sites, figures.site_counts),
        shown=shown, sites=maps.site_filter(shown, filters["types"], filters["formats"]), view=VIEWS[territory],
        insets=True, cluster_radius=50, tiles=(settings.tiles_url, settings.tiles_attribution),
        label=f"Carte des départements au {formatting.day(day)} et des sites France services",
    )


def first_view(layers, site_data, today) -> dict | None:
    """The map a session's first run will show, when its address chooses nothing (no date, filter,
    point d'attention or territory): today's, everything shown, metropolitan France; else None."""
    if any(key in st.query_params for key in ADDRESS_KEYS):
        return None
    records = cache.records_on(today, cache.registry_version())
    sites = page_data.national_sites(site_data, None, NO_FILTER["types"], NO_FILTER["formats"])
    return map_spec(layers, records, sites, None, NO_FILTER, today, DEFAULT_TERRITORY)


def show_map(spot, layers, records, sites, shown, filters, day) -> None:
    """The territory control and the map of the départements and the sites on ``day``."""
    territory = st.segmented_control(
        "Territoire", list(VIEWS), default=DEFAULT_TERRITORY, key="territoire", bind="query-params",
        help="Déplace la carte vers la métropole ou un territoire d'outre-mer (visibles aussi en médaillons).",
    ) or DEFAULT_TERRITORY
    leaflet_map.show(map_spec(layers, records, sites, shown, filters, day, territory),
                     key=MAP_KEY, height=MAP_HEIGHT, at=spot)


def render() -> None:
    st.title("Animateurs départementaux France services")
    missing = cache.missing_files()
    if missing:
        common.missing_data_page(missing)
        return
    common.demo_banner()
    site_data = cache.site_data()
    layers = cache.map_layers(site_data) if not site_data.report.rejected else None
    if site_data.report.rejected or layers is None:
        st.error("Les fichiers de données sont illisibles : " + " ".join(site_data.report.file_errors)
                 + " Remplacez-les (page « Données » ou `python -m fsdash fetch`).")
        return
    today = cache.today()
    # The page's boxes first, in the page's order; they are filled in another order. The map's
    # place comes before the widgets: on a first visit whose address chooses nothing, the map's
    # picture goes to the browser ahead of them (leaflet_map.place). The counters decide what
    # the map shows, and the figures follow the map so that its element reaches the browser first.
    date_box, notice_box, figures_box, map_box = st.container(), st.container(), st.container(), st.container()
    with map_box:
        territory_box = st.container()
        spot = leaflet_map.place(MAP_KEY, MAP_HEIGHT, fit=False,
                                 first_view=lambda: first_view(layers, site_data, today))
    with date_box:
        day = timeline.date_control(today)
    version = cache.registry_version()  # one small query; every registry cache below is keyed by it
    records = cache.records_on(day, version)
    filters = sidebar_filters(records)
    auth.sidebar_identity(auth.current_user())  # below the filters
    if day > today:
        with notice_box:
            st.info(f"Date future : la carte montre ce qui est prévu au {formatting.day(day)} "
                    "(périodes enregistrées à venir).", icon=":material/event_upcoming:")
    flagged = sections.attention_filter(cache.attention_flags(day, version), day)
    any_departement_filter = bool(filters["regions"] or filters["statuses"])
    shown = figures.selected_codes(records, filters["regions"], filters["statuses"]) if any_departement_filter else None
    if flagged is not None:
        shown = flagged if shown is None else shown & flagged
    sites = page_data.national_sites(site_data, shown, filters["types"], filters["formats"])
    shown_records = records if shown is None else records[records["departement"].isin(shown)]

    with territory_box:  # the control above the map; the map itself in its place
        show_map(spot, layers, records, sites, shown, filters, day)
    with figures_box:
        headline(shown_records, sites, day)
    st.caption("Cliquez sur un département pour sa fiche et le lien vers sa page. Les sites France services "
               "sont des points ; en zoomant, des marqueurs à cliquer pour leurs horaires et contacts. "
               "La recherche de la carte trouve une commune, un code postal, un département ou un site.")

    timeline.progression_section(cache.progression(version), day, today)

    st.subheader(f"Tableau des départements au {formatting.day(day)}")
    table = page_data.national_table(records, site_data, shown, filters["types"], filters["formats"])
    st.html(cache.derived(table, figures.departement_table_html, formatting.day(day)))
    st.download_button(  # the file is made when asked for, not on every rerun
        "Télécharger le tableau (CSV)", lambda: to_csv_bytes(table),
        file_name=f"animateurs-departements-{day.isoformat()}.csv",
        mime="text/csv", icon=":material/download:", on_click="ignore",
    )
    sections.region_section(page_data.region_summary(records, site_data, shown, filters["types"], filters["formats"]),
                            day)
    fiches.national_button(  # the national PDF fiche on that day, built on click
        records, site_data.sites, day, cache.progression(version), cache.attention_flags(day, version))
    common.sources_footer()

