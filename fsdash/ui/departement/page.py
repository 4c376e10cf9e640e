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

import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.sources import CONTOURS, REGISTRY, SITES
from fsdash.domain.territories import find_departement
from fsdash.storage import registry, rights
from fsdash.ui import auth, cache, common, fiches, page_data
from fsdash.ui.common import md
from fsdash.ui.departement.form import FLASH_KEY, REFUSAL_KEY, edit_section
from fsdash.ui.departement.map import departement_map, map_place
from fsdash.ui.departement.sections import (
    facilitator_card,
    figures_section,
    history_section,
    sites_section,
)
from fsdash.ui.departement.selector import PARAM, selector
from fsdash.ui.departement.timeline import timeline_section
from fsdash.views import landing


def _sources() -> list[str]:
    settings = cache.settings()
    return [
        f"{SITES.citation}, extrait du {common.sites_extract_date()}.",
        f"{CONTOURS.citation}, fichier du {common.extract_date(settings.contours_path)}.",
        REGISTRY.citation + (" (données de démonstration)." if cache.is_demo() else "."),
    ]


def render() -> None:
    missing = cache.missing_files()
    if missing:
        common.missing_data_page(missing)
        return
    user = auth.current_user()
    auth.sidebar_identity(user)
    home = landing.home_departement(user)
    if home is not None and not (st.query_params.get(PARAM) or "").strip():
        st.query_params[PARAM] = home.code  # « Département » opens a prefecture's own
    raw = (st.query_params.get(PARAM) or "").strip()
    known = find_departement(raw) if raw else None
    st.title(f"{known.nom} ({known.code})" if known else "Page d'un département")
    selector_box = st.container()
    if known is None:  # no département, or none found: the selector and what it says
        with selector_box:
            selector()
        common.sources_footer()
        return
    # The page's boxes first, in the page's order, the map's place among them: on a session's first
    # run, the map's picture goes to the browser before the selector and the rest (map.map_place).
    notes_box = st.container()
    left, right = st.columns([3, 2])
    with left:
        spot = map_place(known)
    with selector_box:
        departement = selector()  # the same département as the address's (``known``)
    code = departement.code
    with notes_box:
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
        shown = rights.visible_record(user, record)
        sites = page_data.departement_sites(site_data, code)
        st.caption(f"Région {md(departement.region)} · {formatting.number(len(sites))} site(s) France services · "
                   f"animateur : {md(record['statut'])}")
    with left:
        departement_map(departement, sites, records, site_data, at=spot)
    with right:  # the form sits under the card it edits
        facilitator_card(shown, show_personal)
        edit_section(departement, record, user)

    flagged = cache.flagged_sites(site_data)  # the version just read, not read again
    table = page_data.sites_table(site_data, code)
    comparison = page_data.comparison(code, site_data, records)
    figures_section(departement, comparison)
    sites_section(departement, table, fiches.departement_pdf(code, record, records, site_data.sites, flagged,
                                                             _sources(), user))
    timeline_section(code, departement.nom, cache.periods(), user, cache.today())
    history_section(code, user)
    common.sources_footer()
