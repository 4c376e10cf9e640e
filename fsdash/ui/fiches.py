"""The PDF fiches from the pages: download buttons whose file is built on click.

Each page calls one function with the data it already holds. The PDF is built
only when the button is clicked (``st.download_button`` with a callable), so a
page run pays neither for the build nor for importing fpdf2, matplotlib and
geopandas. The builders (``*_pdf``) return that callable, and are tested apart.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from fsdash.domain.formatting import now
from fsdash.domain.sources import CONTOURS, REGISTRY, SITES
from fsdash.storage.rights import User
from fsdash.ui import cache, common

PDF = "application/pdf"
ICON = ":material/picture_as_pdf:"
# Points of attention of the national fiche when none are given (the page gives views.attention's).
ATTENTION: tuple[str, ...] = ()


def sources(site_counts: bool = True) -> list[str]:
    """The citations with the dates of the extracts, as the page footers print them."""
    contours = cache.settings().contours_path
    lines = [f"{SITES.citation}, extrait du {common.sites_extract_date()}." if site_counts
             else "Liste des sites France services absente : coût par site indisponible."]
    if contours.exists():
        lines.append(f"{CONTOURS.citation}, fichier du {common.extract_date(contours)}.")
    lines.append(REGISTRY.citation + (" (données de démonstration)." if cache.is_demo() else "."))
    return lines


def _demo_notice() -> list[str]:
    return (["Données de démonstration : le registre contient un état fictif, ne pas utiliser ces chiffres."]
            if cache.is_demo() else [])


def _contours():
    path = cache.settings().contours_path
    return path if path.exists() else None


# --------------------------------------------------------------------------- builders


def departement_pdf(code: str, record: dict, records: pd.DataFrame, sites: pd.DataFrame, flagged: pd.DataFrame,
                    page_sources: list[str], user: User) -> Callable[[], bytes]:
    """The département's fiche for ``user`` (who decides what it shows), built when called."""

    def build() -> bytes:
        from fsdash.domain.periods import changes
        from fsdash.views.fiche_departement import departement_fiche

        return departement_fiche(code, record, records, sites, user, page_sources, now(), contours=_contours(),
                                 flagged=flagged, notices=_demo_notice(),
                                 status_changes=changes(cache.periods(), code))

    return build


def national_pdf(records: pd.DataFrame, sites: pd.DataFrame, day: date | None = None,
                 progress: pd.DataFrame | None = None, found: dict | None = None) -> Callable[[], bytes]:
    """The national fiche of the registry as in force on ``day``: with the progression
    (``views.timeline.progression``) up to that month and the points d'attention
    (``views.attention.flags``) when given, turned into the fiche's shapes on click."""

    def build() -> bytes:
        from fsdash.views import attention, timeline
        from fsdash.views.fiche_national import national_fiche

        progression = timeline.fiche_progression(progress, day or cache.today()) if progress is not None else None
        sentences = attention.sentences(found) if found is not None else ATTENTION
        return national_fiche(records, sites, sources(), now(), as_of=day, contours=_contours(),
                              progression=progression, attention=sentences, notices=_demo_notice())

    return build


def simulation_pdf(result, has_sites: bool, name: str | None = None) -> Callable[[], bytes]:
    """The scenario's PDF; titled with ``name`` only when that saved scenario has
    exactly the assumptions simulated (a name typed but not saved is not one)."""

    def build() -> bytes:
        from fsdash.budget import scenarios
        from fsdash.views.fiche_simulation import simulation_fiche

        saved = scenarios.load_scenario(cache.db(), name) if name else None
        same = saved is not None and saved.assumptions.to_dict() == result.assumptions.to_dict()
        return simulation_fiche(result, [REGISTRY.citation + ".", *sources(has_sites)[:1]], now(),
                                name=saved.name if same else None, notices=_demo_notice())

    return build


# --------------------------------------------------------------------------- buttons


def departement_button(container, code: str, build: Callable[[], bytes]) -> None:
    container.download_button("Fiche du département (PDF)", build, file_name=f"fiche-departement-{code}.pdf",
                              mime=PDF, icon=ICON, on_click="ignore", key=f"pdf-{code}",
                              help="Une page : animateur, chiffres clés, carte, sites, sources et date.")


def national_button(records: pd.DataFrame, sites: pd.DataFrame, day: date | None = None,
                    progress: pd.DataFrame | None = None, found: dict | None = None) -> None:
    name = f"fiche-nationale-{day.isoformat()}.pdf" if day else "fiche-nationale.pdf"
    st.download_button("Fiche nationale (PDF)", national_pdf(records, sites, day, progress, found),
                       file_name=name,
                       mime=PDF, icon=ICON, on_click="ignore", key="fiche-nationale-pdf",
                       help="Une page : carte avec l'outre-mer, chiffres clés, statuts, points d'attention, "
                            "par région, sources et date.")


def simulation_button(result, has_sites: bool) -> None:
    st.download_button("Fiche du scénario (PDF)", simulation_pdf(result, has_sites, st.session_state.get(
                           "nom_scenario")), file_name="simulation-budgetaire.pdf", mime=PDF, icon=ICON,
                       on_click="ignore", key="fiche-simulation-pdf",
                       help="Hypothèses, résultats par année, graphiques et écart avec la référence.")
