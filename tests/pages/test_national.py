"""AppTest of the national map page in each state: no data, demo data, filters."""

import gzip
import json
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from fsdash.storage import demo, registry
from fsdash.storage.engine import get_engine
from fsdash.storage.rights import ADMIN, User
from tests.conftest import PROJECT_ROOT
from tests.support.html_tables import html_figures, html_table_with

ADMIN_USER = User("admin@test.fr", ADMIN)


@pytest.fixture
def env(page_env):
    return page_env


def run_page(**query) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "pages/carte.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def departement_table(at: AppTest) -> pd.DataFrame:
    """The page's table of départements (an HTML table), read back as a frame."""
    table = html_table_with(at, "Département")
    return table.assign(Lien=table.attrs["links"]).astype({"Sites": int, "dont principaux": int})


def metric(at, label) -> str:
    return next(f["value"] for f in html_figures(at) if f["label"] == label)


def test_no_data_files_gives_instructions_not_a_trace(monkeypatch, tmp_path, database_url):
    monkeypatch.setenv("FSDASH_DATA_DIR", str(tmp_path / "vide"))
    monkeypatch.setenv("FSDASH_DATABASE_URL", database_url)
    at = run_page()
    assert at.title[-1].value == "Données officielles absentes"
    text = " ".join(m.value for m in at.markdown)
    assert "python -m fsdash fetch" in text
    assert "liste-fs.csv" in at.error[0].value or "liste-fs" in at.error[0].value
    assert not html_figures(at)


def test_fresh_registry_all_unknown(env):
    at = run_page()
    assert metric(at, "Sites France services affichés") == "2\u202f845"
    assert metric(at, "Animateur à temps plein") == "0 départ."
    assert metric(at, "Contribution État / an") == "0\u202f€"
    assert "non renseigné : 102" in at.caption[0].value
    assert not at.warning  # no demo banner


def test_demo_data_shows_banner_and_figures(env):
    demo.load_demo(get_engine(env), ADMIN_USER)
    assert metric(run_page(), "Animateur à temps plein") == "101 départ."  # today: the demo's full time
    at = run_page(date="2023-06-30")  # the demo's story: 73 at half time on 30/06/2023
    assert "Données de démonstration" in at.warning[0].value
    assert metric(at, "À mi-temps") == "73 départ."
    assert metric(at, "Postes vacants ou absents") == "29 départ."
    # 73 posts at half-time x 25,000 EUR
    assert metric(at, "Contribution État / an") == "1\u202f825\u202f000\u202f€"
    table = departement_table(at)
    assert len(table) == 102 and table["Sites"].sum() == 2845
    assert table.set_index("Code").loc["978", "Sites"] > 0
    by_code = table.set_index("Code")
    assert by_code.loc["37", "Département"] == "Indre-et-Loire" and by_code.loc["37", "Lien"] == "/departement?dep=37"
    assert by_code.loc["37", "Statut de l'animateur"] == "mi-temps" and by_code.loc["37", "ETP"] == "0,5"


def test_filters_by_region_status_type_and_format(env):
    engine = get_engine(env)
    demo.load_demo(engine, ADMIN_USER)
    registry.update_record(engine, "37", {"statut": "temps plein"}, ADMIN_USER, None, date_effet=date(2023, 6, 1))
    at = run_page(region="Centre-Val de Loire", date="2023-06-30")
    table = departement_table(at)
    assert sorted(table["Code"]) == ["18", "28", "36", "37", "41", "45"]
    assert metric(at, "Animateur à temps plein") == "1 départ."
    centre_sites = int(table["Sites"].sum())
    assert metric(at, "Sites France services affichés") == f"{centre_sites}"

    at = run_page(statut="temps plein", date="2023-06-30")
    assert departement_table(at)["Code"].tolist() == ["37"]
    assert metric(at, "Contribution État / an") == "50\u202f000\u202f€"

    at = run_page(type="Antenne")
    assert metric(at, "Sites France services affichés") == "124"
    # the URL holds the label people read (« itinérante »), not the raw value
    at = run_page(format="itinérante")
    assert metric(at, "Sites France services affichés") == "29"
    at.multiselect(key="format").set_value(["Bus_équivalent"]).run()
    assert metric(at, "Sites France services affichés") == "134"


def test_overseas_selector_reads_the_url(env):
    # a bookmarked /?territoire=Guyane opens with Guyane chosen (the browser test checks the map moves)
    at = run_page(territoire="Guyane")
    assert at.button_group(key="territoire").value == "Guyane"
    assert run_page().button_group(key="territoire").value == "Métropole"


def test_app_navigation_opens_the_map_by_default(env):
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Animateurs départementaux France services"


def map_data(at: AppTest) -> dict:
    """What the page's map element receives (fsdash.ui.leaflet_map)."""
    element = next(e for e in at.main if getattr(e, "type", "") == "bidi_component")
    assert element.proto.component_name == "fsdash.carte"
    return json.loads(element.proto.json)


def test_map_element_gets_files_once_and_only_what_changes_on_each_run(env):
    """The layers are files published once per content: another territory or a filter
    changes the view or the filter sent on the run, never the files."""
    from fsdash.domain.territories import VIEWS
    from fsdash.ui.elements.published import FOLDER

    at = run_page(territoire="Guyane")
    first = map_data(at)
    assert first["view"] == list(VIEWS["Guyane"]) and first["insets"]
    assert set(first["layers"]) == {"contours", "regions", "points"}  # the details: named in the points layer
    for url in first["layers"].values():
        assert (FOLDER / url.rsplit("/", 1)[1]).exists()
    # the sites' details: one published file per département, beside the points layer that names them
    points = FOLDER / first["layers"]["points"].rsplit("/", 1)[1]
    named = json.loads(gzip.decompress(points.read_bytes()))
    details = named["details"]
    assert len(details) == 102 and details["37"].startswith("details-37-")
    assert all((FOLDER / name).exists() for name in [*details.values(), named["search"]])
    assert first["files"]["js"] == ["app/static/vendor/leaflet/leaflet.js",
                                    "app/static/vendor/leaflet.markercluster/leaflet.markercluster.js"]
    assert first["files"]["module"].startswith("app/static/fsdash/map-")
    assert len(json.dumps(first)) < 12_000  # what the websocket carries for the map on a run

    at.button_group(key="territoire").set_value("Martinique").run()
    moved = map_data(at)
    assert moved["view"] == list(VIEWS["Martinique"]) and moved["layers"] == first["layers"]

    at.multiselect(key="statut").set_value(["aucun"]).run()
    filtered = map_data(at)
    assert filtered["layers"] == first["layers"] and filtered["shown"] == []  # fresh registry: none « aucun »
    assert filtered["sites"] == {"deps": [], "types": None, "formats": None}


def pictures(at: AppTest) -> list[str]:
    """The addresses of the map's first pictures in the run (``leaflet_map``: a markdown image)."""
    return [m.value[4:-1] for m in at.markdown if m.value.startswith("![](app/static/fsdash/apercu-")]


def picture_of_the_map(at: AppTest) -> str:
    """The address of the picture of what the run's map element receives."""
    from fsdash.ui.elements import leaflet_map

    spec = {key: value for key, value in map_data(at).items() if key not in ("files", "height")}
    return leaflet_map.picture(spec, 640)


def test_the_first_run_sends_the_maps_picture_of_the_very_view_the_map_shows(env):
    """A first visit of « / »: the picture is made from the address before the widgets; it is the
    picture of the spec the map element then receives, sent once; a run showing another view
    sends none."""
    at = run_page()
    [first] = pictures(at)
    assert first == picture_of_the_map(at)
    svg = (PROJECT_ROOT / "static" / "fsdash" / first.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" height="640"')

    at.button_group(key="territoire").set_value("Guyane").run()
    assert not at.exception and pictures(at) == []  # the map is drawn by now: no picture for a rerun
    at.button_group(key="territoire").set_value("Métropole").run()
    assert pictures(at) == [first]  # back to the first view: the same (cached) picture


def test_an_address_with_a_filter_gets_the_picture_of_its_own_view(env):
    from fsdash.domain.territories import VIEWS

    at = run_page(territoire="Guyane")
    [picture] = pictures(at)
    assert map_data(at)["view"] == list(VIEWS["Guyane"])
    assert picture == picture_of_the_map(at)  # made with the widgets, of Guyane's view
    plain = run_page()
    assert pictures(plain) and pictures(plain) != [picture]  # not the metropolitan picture
