"""Links to the page of a département: in the sidebar for a prefecture, in lists."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from fsdash.domain.territories import Departement
from fsdash.storage.rights import User
from fsdash.views import landing

DEPARTEMENT_SCRIPT = "pages/departement.py"


def departement_link(departement: Departement, **kwargs) -> None:
    """A link to the page of ``departement`` (« Haute-Vienne (87) »): a page link within the
    app, a plain link when the page runs on its own (a test of one page file)."""
    label = f"{departement.nom} ({departement.code})"
    target = landing.departement_target(departement.code)
    try:
        st.page_link(DEPARTEMENT_SCRIPT, label=label, query_params=target.query,
                     icon=":material/location_city:", **kwargs)
    except StreamlitAPIException:
        st.markdown(f"[{label}]({target.address})")


def own_departement_links(user: User) -> None:
    """A prefecture's départements, each a link to its page (nothing for anyone else)."""
    for departement in landing.own_departements(user):
        departement_link(departement)
