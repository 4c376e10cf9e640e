"""The State's chrome without a browser: its markup, its styles, the theme that goes
with it, the vendored DSFR files, and app.py framing every page (AppTest)."""

from __future__ import annotations

import html
import re
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from fsdash.domain import frontend
from fsdash.domain.settings import get_settings
from fsdash.domain.sources import CONTOURS, REGISTRY, SITES
from fsdash.ui import chrome
from fsdash.ui.accessibility import statement
from tests.conftest import PROJECT_ROOT

CONFIG = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
DSFR_FILES = next(p for p in frontend.PACKAGES if p.name == "@gouvfr/dsfr").files


def test_state_marks_setting(monkeypatch):
    assert get_settings().state_marks
    for off in ("0", "non", "false"):
        monkeypatch.setenv("FSDASH_STATE_MARKS", off)
        assert not get_settings().state_marks


def test_header_and_footer_markup():
    with_marks, without = chrome.header_html(True), chrome.header_html(False)
    assert 'role="banner"' in with_marks and 'class="fr-logo"' in with_marks and "fr-skiplinks" in with_marks
    assert 'class="fr-logo"' not in without and "Animateurs France services" in without
    assert with_marks.index("fr-skiplinks") < with_marks.index('role="banner"')  # skip links first

    footer = chrome.footer_html(True, ["Source : <b>ANCT</b> & co"])
    assert "Source : &lt;b&gt;ANCT&lt;/b&gt; &amp; co" in footer  # data is text, never markup
    for href, text in (("accessibilite", f"Accessibilité :\n{statement.CONFORMITY}"),
                       ("mentions-legales", "Mentions légales"), ("confidentialite", "Données personnelles")):
        assert f'href="{href}"' in footer and text in footer
    assert footer.count("gouv.fr") >= 4 and "gouv.fr" not in chrome.footer_html(False)
    assert 'class="fr-logo"' not in chrome.footer_html(False)


def test_styles_survive_the_html_sanitiser_and_use_relative_urls():
    """A style element whose text looks like a tag is dropped by st.html's sanitiser;
    URLs starting with « / » would break under server.baseUrlPath."""
    for markup in (chrome.style_html(True), chrome.dsfr_style_html()):
        body = re.fullmatch(r"<style>(.*)</style>", markup, flags=re.DOTALL)
        assert body and "<" not in body.group(1)
    imports = re.findall(r'@import url\("([^"]+)"\)( layer\(dsfr\))?;', chrome.dsfr_style_html())
    assert [u for u, _ in imports] == [frontend.dsfr_url(f) for f in frontend.DSFR_CSS]
    assert all(u.startswith("app/static/vendor/dsfr-") for u, _ in imports)
    assert [bool(layer) for _, layer in imports] == [f.startswith("core/") for f in frontend.DSFR_CSS]


def test_theme_fonts_are_vendored_and_relative():
    theme = CONFIG["theme"]
    assert theme["primaryColor"] == "#000091" and theme["font"].startswith("Marianne")
    faces = theme["fontFaces"]
    assert {f["weight"] for f in faces} >= {400, 500, 700}
    for face in faces:
        assert face["family"] == "Marianne" and not face["url"].startswith("/")
        assert face["url"] == frontend.dsfr_url(face["url"].split(f"dsfr-{frontend.DSFR_VERSION}/")[1])
        assert "dist/" + face["url"].split(f"dsfr-{frontend.DSFR_VERSION}/")[1] in DSFR_FILES


def test_the_theme_reserves_room_for_the_header():
    """The header is fixed over the top of the app: the theme's padding keeps the content
    below it from the first paint (Streamlit's 3.5rem toolbar comes under the header)."""
    room = float(CONFIG["theme"]["paddingTop"].removesuffix("rem")) * 16
    for wide, narrow in chrome.HEADER_HEIGHTS.values():
        assert float(wide.removesuffix("px")) + 16 <= room and float(narrow.removesuffix("px")) <= room


def test_vendored_dsfr_css_finds_every_file_it_points_to():
    """The CSS's relative url(...) land on installed files (fonts, icons): no 404."""
    for name in frontend.DSFR_CSS:
        path = frontend.local_path("@gouvfr/dsfr", f"dist/{name}")
        assert path.exists(), f"{path}: run scripts/install_assets.py"
        for target in re.findall(r"url\(([^)]+)\)", path.read_text(encoding="utf-8")):
            target = target.strip("'\"")
            if target.startswith("data:") or "Spectral" in target:  # the serif font is never used
                continue
            assert (path.parent / target).resolve().exists(), f"{name} → {target}"


@pytest.fixture
def app(page_env):
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.user = {"is_logged_in": False}
    return at


def footers(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if 'role="contentinfo"' in h.proto.body]


def test_every_page_gets_one_footer_and_the_data_pages_their_sources(app):
    app.switch_page("pages/accessibilite.py").run()
    assert not app.exception, app.exception
    assert len(footers(app)) == 1 and SITES.citation not in footers(app)[0]
    text = " ".join(m.value for m in app.markdown)
    assert f"**{statement.CONFORMITY}**" in text and "Défenseur des droits" in text
    app.switch_page("pages/departement.py").run()  # no département chosen: still cites its sources
    assert not app.exception, app.exception
    footer = footers(app)
    assert len(footer) == 1
    for citation in (SITES.citation, CONTOURS.citation, REGISTRY.citation):
        assert html.escape(citation) in footer[0]
