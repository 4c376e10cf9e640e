"""Links to the page of a département (the list a prefecture with several finds after its login)."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from fsdash.domain.territories import Departement
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

