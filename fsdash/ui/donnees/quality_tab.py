"""The data page's « Qualité des données » tab: what deserves a second look in the current list."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs import quality as data_quality
from fsdash.inputs.spreadsheets import to_csv_bytes
from fsdash.ui import cache
from fsdash.ui.common import md


def quality_tab(version, site_data) -> None:
    if version is None or site_data is None:
        st.info("Aucune liste des sites n'est chargée : rien à vérifier.")
        return
    code = st.selectbox("Département", list(DEPARTEMENTS), index=None, key="qualite", bind="query-params",
                        format_func=lambda c: DEPARTEMENTS[c].label, placeholder="Tous les départements")
    checks = data_quality.for_departement(cache.quality_checks(site_data), code)
    st.markdown(f"Vérifications de la version courante (n° {version.id}, {md(version.file_name)})"
                + (f", pour {md(DEPARTEMENTS[code].label)}" if code else "")
                + ". Chaque ligne renvoie à la page de son département.")
    st.caption(data_quality.WHO_CORRECTS)
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
                           file_name=f"verifications-version-{version.id}{'-' + code if code else ''}.csv",
                           mime="text/csv",
                           key="quality_csv", icon=":material/download:", on_click="ignore")
