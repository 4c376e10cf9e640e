"""Pieces every page shows: demonstration banner, missing-data page, sources (in the footer)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.sources import CONTOURS, REGISTRY, SITES
from fsdash.domain.text import date_in_name
from fsdash.storage import demo
from fsdash.ui import cache, chrome

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text) -> str:
    """Text from data, made inert in Markdown (no link, no emphasis, no HTML), on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def demo_banner() -> None:
    if cache.is_demo():
        st.warning(
            "**Données de démonstration** : le registre des animateurs contient une chronologie fictive "
            "(73 départements à mi-temps en juin 2023, tous à temps plein depuis janvier 2024, quelques "
            "postes vacants en 2025). Ne pas utiliser ces chiffres.",
            icon=":material/science:",
        )
        with st.expander("Détails des données de démonstration"):
            st.markdown(md(demo.DEMO_DETAILS))


def missing_data_page(missing: list[Path]) -> None:
    """What to do on a fresh machine that has not fetched the official files."""
    settings = cache.settings()
    st.title("Données officielles absentes")
    st.error(
        "Le tableau de bord ne trouve pas les fichiers officiels dont il a besoin :\n\n"
        + "\n".join(f"- `{p}`" for p in missing),
        icon=":material/folder_off:",
    )
    st.markdown(
        f"""
**Pour les obtenir**, depuis le dossier du projet :

```text
.venv/bin/python -m fsdash fetch
```

La commande télécharge la liste des structures France services et les contours des départements
depuis leurs adresses officielles dans `{settings.data_dir}`.

**Sans accès à Internet**, copiez les deux fichiers dans ce dossier (ou indiquez un autre dossier
avec la variable d'environnement `FSDASH_DATA_DIR`) :

- la liste des sites : `liste-fs.csv` (ou `liste-fs-AAAAMMJJ.csv`), publiée sur
  [data.gouv.fr]({SITES.page}) ;
- les contours : `departements-1000m.geojson`, publié par [Etalab]({CONTOURS.page}).

Puis rechargez cette page.
"""
    )


def extract_date(path: Path) -> str:
    """The date of an extract: from a name like ``liste-fs-20240801.csv``, else the file's date."""
    found = date_in_name(path.name)
    if found:
        return formatting.day(found)
    try:
        return formatting.day(datetime.fromtimestamp(path.stat().st_mtime).date())
    except OSError:
        return "date inconnue"


def sites_extract_date() -> str:
    """The extract date of the list in use: the current version's, else the file's."""
    version = cache.current_version()
    if version is None:
        return extract_date(cache.settings().sites_path)
    if version.extract_date is not None:
        return formatting.day(version.extract_date)
    return f"date inconnue, version {version.id} chargée le {formatting.moment(version.created_at)}"


def sources() -> list[str]:
    """The data sources and their dates, one sentence each."""
    settings = cache.settings()
    cited = [
        f"{SITES.citation}, extrait du {sites_extract_date()}.",
        f"{CONTOURS.citation}, {CONTOURS.vintage} (fichier du {extract_date(settings.contours_path)}).",
        f"{REGISTRY.citation}{' (données de démonstration)' if cache.is_demo() else ''}.",
    ]
    if settings.tiles_url:
        cited.append(f"Fond de carte : {settings.tiles_attribution}.")
    return cited


def sources_footer() -> None:
    """Cite the data sources in the page's footer (``fsdash.ui.chrome``, drawn by ``app.py``)."""
    chrome.note_sources(sources())


def ensure_navigation() -> None:
    """Hand a page over to ``app.py``'s navigation when Streamlit ran it on its own.

    Because the project has a ``pages/`` folder, a fresh Streamlit server runs the
    first deep link it receives (``/simulation``) in the legacy multipage mode:
    the page file alone, without ``app.py`` (no wide layout, file names as
    menu). That mode ends as soon as ``st.navigation`` runs; this switches it
    off and reruns, and the rerun goes through ``app.py`` to the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
