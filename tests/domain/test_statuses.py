"""The statuses' colours: readable on the map (WCAG 1.4.11), distinct for the common
colour-vision deficiencies, and never the sites' colour (issue 16)."""

from __future__ import annotations

import itertools

import pytest

from fsdash.domain import colours
from fsdash.domain.colours import blend, closest_pair, contrast, delta_e, delta_e_lab, simulate
from fsdash.domain.site_fields import CLUSTER_COLOR, SITE_COLORS, SITE_OUTLINES
from fsdash.domain.statuses import (
    MAP_BACKGROUNDS,
    MI_TEMPS,
    STATUS_COLORS,
    STATUS_FILL_OPACITY,
    STATUS_HATCHED,
    STATUSES,
    TEMPS_PLEIN,
)

VISIONS = (None, *colours.CVD_MATRICES)  # normal vision, then protanopia, deuteranopia, tritanopia
SITES_BLUE = SITE_COLORS["Principal"]


def on_map(status: str, background: str = "#FFFFFF") -> str:
    """The status as the map draws it: its colour at the fill opacity over ``background``."""
    return blend(STATUS_COLORS[status], background, STATUS_FILL_OPACITY)


def seen(colour: str, vision: str | None) -> str:
    return simulate(colour, vision) if vision else colour


# ----------------------------------------------------------------------------- the arithmetic itself


@pytest.mark.parametrize(("first", "second", "expected"), [  # Sharma, Wu and Dalal (2005), table 1
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
])
def test_ciede2000_matches_the_reference_pairs(first, second, expected):
    assert delta_e_lab(first, second) == pytest.approx(expected, abs=1e-4)


def test_wcag_contrast_and_simulation_basics():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic 4.5:1 grey
    assert blend("#000000", "#FFFFFF", 0.5) == "#808080"
    for vision in colours.CVD_MATRICES:  # greys and white are seen as they are
        assert simulate("#FFFFFF", vision) == "#FFFFFF" and simulate("#000000", vision) == "#000000"
    # red and green collapse for the red-green deficiencies, not for tritanopia
    assert delta_e(simulate("#D55E00", "deutéranopie"), simulate("#009E73", "deutéranopie")) < \
        delta_e(simulate("#D55E00", "tritanopie"), simulate("#009E73", "tritanopie"))


# ----------------------------------------------------------------------------- the palette


def test_every_status_has_one_colour():
    assert tuple(STATUS_COLORS) == STATUSES
    assert len(set(STATUS_COLORS.values())) == len(STATUSES)
    assert set(STATUS_HATCHED) <= set(STATUSES)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("background", MAP_BACKGROUNDS)
def test_status_fill_contrasts_with_the_map_background(status, background):
    """WCAG 1.4.11: 3:1 for graphics, as drawn (the fill is partly transparent). White
    is also the legend's box, whose swatches show the same blended colour."""
    assert contrast(on_map(status, background), background) >= 3.0


@pytest.mark.parametrize("vision", VISIONS)
def test_statuses_stay_apart_for_every_vision(vision):
    """Any two statuses at least 13 ΔE00 apart (10 already reads as two colours), for
    normal vision and as simulated for protanopia, deuteranopia and tritanopia."""
    drawn = {s: on_map(s) for s in STATUSES}
    distance, first, second = closest_pair(drawn, vision)
    assert distance >= 13, f"{first} and {second}: ΔE00 {distance:.1f} ({vision or 'vision normale'})"


def test_half_time_and_full_time_no_longer_look_alike():
    """Issue 16: the two blues of « mi-temps » and « temps plein » (#56B4E9 and #0072B2 at
    0.65 opacity) were 12.3 ΔE00 apart; the two statuses are now further apart for every vision."""
    old = [blend(c, "#FFFFFF", 0.65) for c in ("#56B4E9", "#0072B2")]
    assert delta_e(*old) == pytest.approx(12.3, abs=0.1)
    for vision in VISIONS:
        assert delta_e(seen(on_map(MI_TEMPS), vision), seen(on_map(TEMPS_PLEIN), vision)) >= 15


@pytest.mark.parametrize("vision", VISIONS)
def test_sites_and_clusters_never_wear_a_status_colour(vision):
    """Sites and clusters are the State's blue; no status is within 25 ΔE00 of it."""
    for status, colour in itertools.product(STATUSES, {SITES_BLUE, CLUSTER_COLOR}):
        assert delta_e(seen(on_map(status), vision), seen(colour, vision)) >= 25, (status, vision)


@pytest.mark.parametrize("status", STATUSES)
def test_site_markers_stand_out_on_every_status(status):
    """Each marker has a white part and a blue part: the white one contrasts (3:1) with
    every status, the blue one with the light backgrounds; cluster counts are readable."""
    assert {SITE_COLORS["Antenne"], SITE_OUTLINES["Principal"]} == {"#FFFFFF"}
    assert SITE_OUTLINES["Antenne"] == SITES_BLUE
    assert contrast("#FFFFFF", on_map(status)) >= 3.0
    for background in MAP_BACKGROUNDS:
        assert contrast(SITES_BLUE, background) >= 3.0
    assert contrast("#FFFFFF", CLUSTER_COLOR) >= 4.5
