"""The State's chrome around every page: the DSFR header (« République française »
block and the service's name) with skip links, the footer with the mandatory links
and the data sources, ``<html lang="fr">`` and French names for Streamlit's own
English labels.

- ``page_chrome()`` runs in ``app.py`` before the page: two style-only ``st.html``,
  our rules (``chrome.css``) and the DSFR's CSS through ``@import`` (its core in a low-priority cascade layer, so that
  Streamlit's own styles win wherever both style the same thing), and a hidden
  ``st.components.v2`` element (``chrome.js``) that puts the skip links and the
  header at the start of ``<body>``, fixed above the app and the sidebar, once
  per tab. The theme's ``paddingTop`` (config.toml) keeps the page's content
  below the header from the first paint: the content does not move when the
  header comes.
- ``footer()`` runs in ``app.py`` after the page: ``st.html`` at the end of the
  page's content (it scrolls with the page), with the sources when the page
  asked for them (``note_sources``, called by ``common.sources_footer``).

``FSDASH_STATE_MARKS=0`` (``Settings.state_marks``) drops the State's marks (the
« République française » block, Marianne's favicon, the links to the State's
sites) for a deployment that is not a State service; font and colours stay.
All markup here is the project's own text: no user data goes into it.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

import streamlit as st

from fsdash.domain import frontend
from fsdash.domain.settings import get_settings
from fsdash.ui.accessibility.statement import CONFORMITY  # repeated in the footer's link (RGAA)
from fsdash.views import html_figures, html_table

SERVICE = "Animateurs France services"
TAGLINE = "Pilotage du réseau des animateurs départementaux"
EDITOR = "Agence nationale de la cohésion des territoires (ANCT)"
STATE_SITES = ("info.gouv.fr", "service-public.gouv.fr", "legifrance.gouv.fr", "data.gouv.fr")

_HERE = Path(__file__).parent
_JS = (_HERE / "chrome.js").read_text(encoding="utf-8")
_CSS = (_HERE / "chrome.css").read_text(encoding="utf-8")
KEY = "fsdash-chrome"
_element = st.components.v2.component("fsdash.chrome", js=_JS, css=f".st-key-{KEY}{{display:none}}",
                                      isolate_styles=False)
_SOURCES_KEY = "_fsdash_sources"

# Streamlit 1.67's English accessible names and placeholders, in French (exact
# values, then prefixes followed by a label of ours).
LABELS = {
    "Sidebar": "Barre latérale", "App pages": "Pages du tableau de bord",
    "Collapse sidebar": "Replier la barre latérale", "Expand sidebar": "Déplier la barre latérale",
    "Main menu": "Menu principal", "Open": "Ouvrir la liste", "Close": "Fermer", "Dismiss": "Fermer",
    "Clear value": "Effacer", "Clear all": "Tout effacer", "Choose date": "Choisir une date",
    "Previous month": "Mois précédent", "Next month": "Mois suivant", "Link to heading": "Lien vers ce titre",
    "file upload": "Choisir un fichier", "Upload": "Parcourir", "Show/hide columns": "Afficher ou masquer des colonnes",
    "Download as CSV": "Télécharger en CSV", "Search": "Rechercher", "Fullscreen": "Plein écran",
    "Close fullscreen": "Quitter le plein écran", "Selectbox": "Liste de choix", "Multiselect": "Choix multiple",
    "Selectbox options": "Options", "Multiselect options": "Options", "Choose an option": "Choisir une option",
    "Choose options": "Choisir des options", "Skip to main content": "Aller au contenu",
    "Running...": "Calcul en cours…", "Stop": "Arrêter", "Theme": "Thème", "Show data": "Voir les données",
    "Download as PNG": "Télécharger en PNG", "Vega visualization": "Graphique",
    "month": "mois", "year": "année", "Empty": "vide",
}
PREFIXES = [
    ["Remove ", "Retirer "], ["Download as CSV: ", "Télécharger en CSV : "], ["Search: ", "Rechercher : "],
    ["Show/hide columns: ", "Afficher ou masquer des colonnes : "], ["Fullscreen: ", "Plein écran : "],
    ["day, ", "jour, "], ["month, ", "mois, "], ["year, ", "année, "], ["Help for ", "Aide : "],
]
# Visible texts: exact short ones, then patterns (a list's « Add: Vien », the uploader's limit).
TEXT_PATTERNS = [["^Add: (.*)$", "Rechercher : $1"], ["^(\\d+)MB per file(.*)$", "$1 Mo par fichier$2"]]
TEXTS = {"Upload": "Parcourir", "No results": "Aucun résultat", "Select all": "Tout sélectionner",
         "Clear all": "Tout effacer", "No options to select": "Aucune option", "Running...": "Calcul en cours…"}

# Height reserved for the header before its script runs: the DSFR header's
# height at each of its widths (measured in chromium, tests/browser/test_chrome.py).
HEADER_HEIGHTS = {True: ("132px", "93px"), False: ("132px", "56px")}  # marks: (≥ 62em, below)


def state_marks() -> bool:
    return get_settings().state_marks


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def favicon():
    """The page icon: Marianne's favicon for a State service, else a map. The PNG, not the
    SVG: Streamlit sends an SVG icon inside the page's settings on every run (8.7 KB over the
    websocket each time), a PNG as the address of a file the browser keeps."""
    path = frontend.local_path("@gouvfr/dsfr", "dist/favicon/apple-touch-icon.png")
    return path if state_marks() and path.exists() else "🗺️"


def _logo(marks: bool) -> str:
    return '<p class="fr-logo">République<br>française</p>' if marks else ""


def header_html(marks: bool) -> str:
    logo = (f'<div class="fr-header__brand-top"><div class="fr-header__logo">{_logo(True)}</div></div>'
            if marks else "")
    return f"""<div class="fr-skiplinks"><nav class="fr-container" role="navigation" aria-label="Accès rapide">
<ul class="fr-skiplinks__list">
<li><a class="fr-link" href="#stMain" data-fsdash-skip="main">Contenu</a></li>
<li><a class="fr-link" href="#footer" data-fsdash-skip="#footer">Pied de page</a></li>
</ul></nav></div>
<header role="banner" class="fr-header" id="fsdash-header"><div class="fr-header__body"><div class="fr-container">
<div class="fr-header__body-row"><div class="fr-header__brand fr-enlarge-link">{logo}
<div class="fr-header__service"><a href="./" title="Accueil – {_e(SERVICE)}{' – ANCT' if marks else ''}">
<p class="fr-header__service-title">{_e(SERVICE)}</p></a>
<p class="fr-header__service-tagline">{_e(TAGLINE)}</p></div>
</div></div></div></div></header>"""


def footer_html(marks: bool, sources: list[str] | None = None) -> str:
    brand = (f'<div class="fr-footer__brand fr-enlarge-link"><a href="./" title="Retour à l\'accueil – '
             f'{_e(SERVICE)}">{_logo(True)}</a></div>' if marks else "")
    state_links = "".join(
        f'<li class="fr-footer__content-item"><a class="fr-footer__content-link" target="_blank" '
        f'rel="noopener external" title="{site} – nouvelle fenêtre" href="https://{site}">{site}</a></li>'
        for site in STATE_SITES
    ) if marks else ""
    cited = "".join(f"<li>{_e(s)}</li>" for s in sources or [])
    sources_html = (f'<div class="fsdash-sources"><p class="fr-footer__content-desc">Sources des données</p>'
                    f"<ul>{cited}</ul></div>" if cited else "")
    return f"""<footer class="fr-footer" role="contentinfo" id="footer"><div class="fr-container">
<div class="fr-footer__body">{brand}<div class="fr-footer__content">
<p class="fr-footer__content-desc">{_e(SERVICE)} : tableau de bord de pilotage du réseau des animateurs
départementaux France services{' de l’' + _e(EDITOR) if marks else ''}.</p>{sources_html}
{f'<ul class="fr-footer__content-list">{state_links}</ul>' if state_links else ''}</div></div>
<div class="fr-footer__bottom"><ul class="fr-footer__bottom-list">
<li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="accessibilite">Accessibilité :
{CONFORMITY}</a></li>
<li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="mentions-legales">Mentions légales</a></li>
<li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="confidentialite">Données personnelles</a>
</li></ul>
<div class="fr-footer__bottom-copy"><p>Sauf mention contraire, les contenus de ce tableau de bord sont proposés
sous licence etalab-2.0 ; les données gardent la licence de leur source.</p></div>
</div></div></footer>"""


def style_html(marks: bool) -> str:
    """Our rules, with the header's height reserved for this width: they apply as
    soon as they arrive (no ``@import`` to wait for). The pages' HTML tables and
    headline figures have their rules here too: once per run, not once per table."""
    wide, narrow = HEADER_HEIGHTS[marks]
    reserve = (f":root{{--fsdash-header-reserved:{narrow}}}"
               f"@media (min-width:62em){{:root{{--fsdash-header-reserved:{wide}}}}}")
    return f"<style>{reserve}{_CSS}{html_table.CSS}{html_figures.CSS}</style>"


def dsfr_style_html() -> str:
    """The DSFR's CSS. Its core (reset, typography, grid, colour variables) goes in
    the ``dsfr`` cascade layer, under every unlayered style: it never wins over
    Streamlit's own. Its components (header, footer, logo, links, skip links) only
    style their own ``fr-*`` classes, and stay unlayered so that Streamlit's rules
    for bare elements (``p``, ``a``...) do not undo them. A style sheet applies
    once its imports have loaded: the last rule then shows the header, which
    stays hidden (its room reserved) rather than unstyled until then."""
    imports = "".join(
        f'@import url("{frontend.dsfr_url(name)}"){" layer(dsfr)" if name.startswith("core/") else ""};'
        for name in frontend.DSFR_CSS
    )
    return f"<style>{imports}#fsdash-chrome{{visibility:visible}}</style>"


def page_chrome() -> None:
    """Header, skip links, ``lang``, styles: call in ``app.py`` before the page."""
    marks = state_marks()
    st.html(style_html(marks))  # style-only: Streamlit keeps it out of the page's flow
    st.html(dsfr_style_html())
    header = header_html(marks)
    _element(key=KEY, height=0, data={
        "header": header, "digest": hashlib.sha1(header.encode("utf-8")).hexdigest()[:12],
        "labels": LABELS, "prefixes": PREFIXES, "texts": TEXTS, "patterns": TEXT_PATTERNS,
    })
    st.session_state[_SOURCES_KEY] = None


def note_sources(sources: list[str]) -> None:
    """Ask for ``sources`` (one sentence each) in this run's footer."""
    st.session_state[_SOURCES_KEY] = list(sources)


def footer() -> None:
    """The footer: call in ``app.py`` after the page."""
    st.html(footer_html(state_marks(), st.session_state.pop(_SOURCES_KEY, None)))
