"""Fonts through nginx (deploy/nginx.conf.template, scripts/precompress_static.py): a
first visit fetches no Source Sans (the theme's font is Marianne: Streamlit's
preload of it is rewritten into Marianne's, and its family points to Marianne's
file), fetches Marianne's regular weight once, and draws Streamlit's and fsdash's
icons with the reduced Material Symbols font that nginx serves (each icon one em
wide, not its name written out)."""

from __future__ import annotations

import tomllib
import urllib.parse
from pathlib import Path

import pytest
import streamlit

from tests.support.browser import PROJECT_ROOT, wait_for_map

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx.conf.template"
VIEWPORT = {"width": 1400, "height": 1000}
ICONS = """() => [...document.querySelectorAll('span[data-testid="stIconMaterial"]')]
  .filter(span => span.checkVisibility())
  .map(span => {
    const text = document.createRange();
    text.selectNodeContents(span);  // the laid out text, whatever the span's own box
    return {name: span.textContent, width: text.getBoundingClientRect().width,
            em: parseFloat(getComputedStyle(span).fontSize)};
  })"""


def marianne_regular() -> str:
    """The address of Marianne's regular weight in the theme (.streamlit/config.toml)."""
    theme = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    [face] = [f for f in theme["fontFaces"] if f["weight"] == 400 and f["style"] == "normal"]
    return face["url"]


def test_the_rewritten_font_addresses_follow_the_theme_and_streamlits_page():
    template = TEMPLATE.read_text(encoding="utf-8")
    url = marianne_regular()
    assert template.count(f'"./{url}"') == 2  # the preload and the @font-face of "Source Sans"
    # The pieces nginx rewrites are in the installed Streamlit's page, once each.
    page = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    for piece in ('href="./static/media/SourceSansVF-', "</head>"):
        assert f"sub_filter '{piece}'" in template and page.count(piece) == 1, piece


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/departement?dep=37"])
def test_a_first_visit_fetches_no_source_sans_and_draws_icons_from_the_reduced_font(deployed, chromium, path):
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        fonts = []
        page.on("response", lambda r: fonts.append(r) if ".woff" in r.url else None)
        page.goto(deployed.url + path)
        wait_for_map(page)
        page.locator('span[data-testid="stIconMaterial"]:visible').first.wait_for(timeout=30_000)
        page.evaluate("document.fonts.ready.then(() => true)")
        paths = [urllib.parse.urlsplit(r.url).path for r in fonts]
        assert not [p for p in paths if "SourceSans" in p]
        assert paths.count("/" + marianne_regular()) == 1  # preloaded, then used by the theme: one fetch

        [icon_font] = [r for r in fonts if "/static/media/MaterialSymbols-" in r.url]
        assert icon_font.status == 200 and len(icon_font.body()) < 40_000  # the reduced font, not 366 KB
        icons = page.evaluate(ICONS)
        assert len(icons) >= 5 and {"map", "location_city"} <= {icon["name"] for icon in icons}
        for icon in icons:  # an icon is one em wide; its name in letters would be several
            assert abs(icon["width"] - icon["em"]) < 0.1 * icon["em"], icon
    finally:
        context.close()
