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

import streamlit as st

from fsdash.ui import auth, cache, common
from fsdash.ui.donnees.provenance_tab import provenance_tab
from fsdash.ui.donnees.quality_tab import quality_tab
from fsdash.ui.donnees.registry_tab import registry_tab
from fsdash.ui.donnees.shared import XLSX_MIME, show_flash
from fsdash.ui.donnees.sites_tab import sites_tab

TABS = ("Liste des sites", "Registre des animateurs", "Qualité des données", "Provenance")
__all__ = ["XLSX_MIME", "render"]


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
