"""The map's first picture (views/map_picture.py), in Debian's chromium: it holds the map's
place, looks like the map Leaflet then draws over it, and goes without moving the page."""

import io

import pytest
from PIL import Image

from tests.support.browser import MAP, PAINT_PROBE, StreamlitServer, paint_times, wait_for_map, wait_for_run_end
from tests.support.demo_servers import load_demo_into

pytestmark = pytest.mark.browser

BLOC = '[class*="st-key-fsdash-carte-"]'  # the map's place: its picture, then its element
PICTURE = '[class*="st-key-fsdash-apercu-"] img'
LEAFLET = f"document.querySelector('{MAP}').fsdash.map"
VIEWPORT = {"width": 1400, "height": 1000}
# The map's place: its size, where the page's next element starts (below it), the picture's height.
PLACE = f"""() => {{
  const bloc = document.querySelector('{BLOC}'), b = bloc.getBoundingClientRect();
  const below = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]')]
    .filter(e => !bloc.contains(e) && e.offsetHeight > 0).map(e => e.getBoundingClientRect().top)
    .filter(top => top >= b.bottom - 1);
  const picture = document.querySelector('{PICTURE}'), p = picture ? picture.getBoundingClientRect() : null;
  return {{height: b.height, width: b.width, next: Math.min(...below) - b.top, picture: p ? p.height : 0,
           box: p ? [p.left - b.left, p.top - b.top, p.right - b.left, p.bottom - b.top] : null}}; }}"""


@pytest.fixture(scope="module")
def server(module_app_env):
    """The demonstration registry: départements in every status, coloured (not hatched: a pattern's
    stripes fall a pixel apart between two drawings, the colours do not)."""
    load_demo_into(module_app_env["FSDASH_DATABASE_URL"])
    with StreamlitServer(module_app_env) as running:
        yield running


def picture_alone(chromium, url: str) -> tuple[Image.Image, dict]:
    """The map's place while only its picture is there (Leaflet never arrives), and where things are."""
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.route("**/vendor/leaflet/leaflet.js", lambda route: route.abort())
        page.goto(url)
        page.wait_for_function(f"() => {{ const i = document.querySelector('{PICTURE}');"
                               " return i && i.complete && i.naturalWidth > 0; }", timeout=60_000)
        wait_for_run_end(page)
        # the element's own message (« La carte n'a pas pu charger… ») stays out of the comparison
        page.add_style_tag(content=f"{BLOC} > [data-testid='stElementContainer'] {{ visibility: hidden }}")
        bloc = page.locator(BLOC).first
        bloc.scroll_into_view_if_needed()
        place = page.evaluate(PLACE)
        return Image.open(io.BytesIO(bloc.screenshot())).convert("RGB"), place
    finally:
        context.close()


def live_map(chromium, url: str) -> tuple[Image.Image, dict, list[tuple[int, int]]]:
    """The map's place once Leaflet has drawn, and the points of it (every 12 px) where a département
    is what one sees: not a control, an inset, a marker or a label."""
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url)
        wait_for_map(page)
        wait_for_run_end(page)
        page.wait_for_timeout(500)  # the last tiles of Leaflet's own drawing
        bloc = page.locator(BLOC).first
        bloc.scroll_into_view_if_needed()
        place = page.evaluate(PLACE)
        points = page.evaluate(f"""() => {{
            const b = document.querySelector('{BLOC}').getBoundingClientRect(); const out = [];
            for (let y = 6; y < b.height - 6; y += 12) for (let x = 6; x < b.width - 6; x += 12) {{
              const e = document.elementFromPoint(b.left + x, b.top + y);
              if (e && e.matches('.fsdash-map-canvas path.fsdash-departement')) out.push([x, y]); }}
            return out; }}""")
        return Image.open(io.BytesIO(bloc.screenshot())).convert("RGB"), place, [tuple(p) for p in points]
    finally:
        context.close()


def same_colour(a, b, tolerance: int = 28) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def agreement(picture: Image.Image, live: Image.Image, points) -> float:
    """The share of ``points`` where the picture and the live map show the same colour
    (within a 3 × 3 pixel neighbourhood: a border or a dot may be a pixel away)."""
    def near(image, x, y):
        return [image.getpixel((x + dx, y + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    matched = sum(any(same_colour(p, live.getpixel((x, y))) for p in near(picture, x, y)) for x, y in points)
    return matched / len(points)


@pytest.mark.parametrize("path, height, least", [("/", 640, 1000), ("/departement?dep=37", 480, 300)])
def test_the_picture_holds_the_maps_place_and_looks_like_the_map(server, chromium, path, height, least):
    picture, before = picture_alone(chromium, server.url + path)
    live, after, points = live_map(chromium, server.url + path)
    assert before["height"] == after["height"] == height  # the place is the map's from the start…
    assert before["next"] == after["next"]  # …and what follows the map does not move
    assert after["picture"] == 0  # the picture is gone once the map is drawn
    assert picture.size == live.size
    left, top, right, bottom = before["box"]  # a fitted map's picture leaves Leaflet's padding out
    points = [(x, y) for x, y in points if left <= x < right and top <= y < bottom]
    assert len(points) >= least  # départements seen at that many points of the map
    share = agreement(picture, live, points)
    assert share >= 0.95, f"the picture and the map agree at {share:.0%} of {len(points)} points"


def test_a_picture_is_painted_before_the_map_and_reruns_send_none(server, chromium):
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(PAINT_PROBE)
        page = context.new_page()
        page.goto(server.url + "/")
        wait_for_map(page)
        times = paint_times(page, "picture", "map")
        assert times["picture"] < times["map"]
        page.evaluate("(sel) => { document.querySelector(sel).dataset.first = '1'; }", MAP)
        page.get_by_role("radio", name="Guyane").click()  # another view: a rerun
        page.wait_for_function(f"() => {LEAFLET}.getCenter().lat < 10", timeout=30_000)
        wait_for_run_end(page)
        assert page.locator(PICTURE).count() == 0  # the run sent no picture: the map is there
        assert page.locator(MAP + "[data-first]").count() == 1  # the same map element, updated in place
    finally:
        context.close()
