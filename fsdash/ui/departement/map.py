"""The département's map: its contour outlined, the others greyed, its sites as markers.

The same files as the national map (contours, sites): a browser that saw one
page fetches nothing for the other, and choosing another département only sends
what changes (the focus, the bounds, the sites to draw).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fsdash.domain.territories import Departement
from fsdash.inputs.contours import bounds as contour_bounds
from fsdash.ui import cache, page_data
from fsdash.ui.elements import leaflet_map
from fsdash.views import departement as stats
from fsdash.views import maps

# Above this many sites, markers close to each other merge into clusters at the
# département's zoom; below, only markers that overlap do (same address, same town).
DENSE_SITES = 80
DENSE_CLUSTER_RADIUS = 40
OVERLAP_CLUSTER_RADIUS = 12
MAP_KEY, MAP_HEIGHT = "carte-departement", 480


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


def map_spec(departement: Departement, sites: pd.DataFrame, records: pd.DataFrame, site_data: cache.SiteData,
             layers: cache.MapLayers, fit) -> dict:
    """What the map element receives: the département outlined and fitted to ``fit`` (``map_fit``),
    its sites as markers."""
    code = departement.code
    settings = cache.settings()
    return cache.map_spec(
        layers=layers.urls, codes=layers.codes, records=records, site_counts=cache.site_counts(site_data),
        shown={code}, sites=maps.site_filter({code}, None, None), focus=code, fit=fit,
        cluster_radius=DENSE_CLUSTER_RADIUS if len(sites) > DENSE_SITES else OVERLAP_CLUSTER_RADIUS,
        legend_counts=False, tiles=(settings.tiles_url, settings.tiles_attribution),
        label=f"Carte du département {departement.nom} et de ses sites France services",
    )


def map_place(departement: Departement) -> leaflet_map.Place:
    """The map's place, made before the page's widgets: on a session's first run, the picture of
    the département of the address goes to the browser ahead of them (``leaflet_map.place``)."""
    def first_view() -> dict | None:
        site_data = cache.site_data()
        layers = None if site_data.report.rejected else cache.map_layers(site_data)
        if layers is None:
            return None
        sites = page_data.departement_sites(site_data, departement.code)
        return map_spec(departement, sites, cache.records(), site_data, layers, map_fit(departement.code, sites)[0])
    return leaflet_map.place(MAP_KEY, MAP_HEIGHT, fit=True, first_view=first_view)


def departement_map(departement: Departement, sites: pd.DataFrame, records: pd.DataFrame,
                    site_data: cache.SiteData, at: leaflet_map.Place | None = None) -> None:
    """The département's map (in its place ``at``). The map element stays mounted when another
    département is chosen: only the focus, the bounds and the sites change."""
    layers = cache.map_layers(site_data)
    fit, has_contour = map_fit(departement.code, sites)
    if layers is not None:
        leaflet_map.show(map_spec(departement, sites, records, site_data, layers, fit), key=MAP_KEY,
                         height=MAP_HEIGHT, at=at)
    notes = ["Les départements voisins sont grisés : cliquez pour le lien vers leur page."
             if has_contour else
             "Pas de contour pour ce territoire dans le fichier des contours : la carte montre ses sites."]
    notes.append("Cliquez sur un site pour ses horaires et contacts.")
    if len(sites) <= DENSE_SITES:
        notes.append("Les sites à la même adresse sont regroupés : cliquez pour les séparer.")
    st.caption(" ".join(notes))
