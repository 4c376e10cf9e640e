"""The budget simulator page (``/simulation``).

Assumptions in the sidebar, bound to the URL so that a scenario can be shared as a
link; headline figures, charts and tables; named scenarios saved, reopened,
compared and deleted; exports as XLSX and CSV.

Everyone may run simulations, and open and compare saved scenarios; saving,
replacing and deleting are for those allowed (``rights.can_save_scenarios``).
The buttons' callbacks ask who is acting at click time and ``fsdash.scenarios``
checks the right itself (a refusal is recorded and shown).
"""

from __future__ import annotations

import streamlit as st

from fsdash.budget import results
from fsdash.budget.assumptions import AssumptionError
from fsdash.domain.sources import REGISTRY, SITES
from fsdash.ui import auth, cache, common, fiches
from fsdash.ui.simulation.assumptions import sidebar_assumptions
from fsdash.ui.simulation.results import chart_section, exports, headline, tables, unknown
from fsdash.ui.simulation.scenarios import scenario_section


def site_counts() -> dict[str, int] | None:
    """France services sites per département, None when the site list is missing or unusable."""
    site_data = cache.site_data()
    if site_data is None or site_data.report.rejected:
        return None
    return cache.site_counts(site_data)


def render() -> None:
    st.title("Simulation budgétaire")
    user = auth.current_user()
    st.caption("Coût des postes d'animateurs départementaux pour l'État et pour les structures porteuses, "
               "mois par mois, dans un scénario comparé à la référence : ce qui s'est passé selon le registre, "
               "puis le statu quo (chacun garde son dernier statut).")
    common.demo_banner()
    today = cache.today()  # in Paris
    assumptions = sidebar_assumptions(today)
    auth.sidebar_identity(user)  # below the assumptions
    periods, sites = cache.periods(), site_counts()
    try:
        result = cache.simulation(assumptions, periods, sites, today)
    except AssumptionError as exc:
        st.error(f"Hypothèses incohérentes : {exc}")
        result = None
    if result is not None:
        st.caption(f"Référence : registre des animateurs, {results.reference_text(result.totals)} "
                   f"({results.situation_text(result.per_departement)}).")
        unknown(result)
        headline(result)
        chart_section(result)
        tables(result)
        exports(result)
        fiches.simulation_button(result, sites is not None)  # the scenario's PDF, built on click
    scenario_section(assumptions if result is not None else None, periods, sites, user, today)
    _sources(sites)


def _sources(site_counts: dict | None) -> None:
    # The list the costs per site came from: the current version (stored in the
    # database, the data folder's file is not needed), with its extract date.
    sites = (f"{SITES.citation}, extrait du {common.sites_extract_date()} (coût par site)"
             if site_counts is not None
             else "Liste des sites France services absente : coût par site indisponible")
    st.divider()
    st.caption("Règles : contribution forfaitaire de l'État par an (25 000 € pour 0,5 ETP et 50 000 € pour 1 ETP "
               "depuis janvier 2024, modifiables), comptée mois par mois à partir du premier mois entier où le "
               "statut s'applique. Scénario : à partir de son mois de bascule, chaque mois à mi-temps compte à "
               "temps plein ; les vacances, recrutements et mois non renseignés enregistrés restent tels quels ; "
               "un territoire sans animateur à la date d'arrêt est recruté après le délai. "
               f"{REGISTRY.citation}. {sites}. "
               "Le coût employeur est une hypothèse : aucun chiffre officiel n'existe.")
