"""Data-quality checks on a valid site list: kept rows that deserve a second look."""

from __future__ import annotations

import pandas as pd

from fsdash.domain import formatting
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs.contours import Contours, distance_outside_km
from fsdash.inputs.sites import Problem, Report

# A site further than this outside its own département's contour is flagged. The
# 1,000 m contours cut coastlines by up to about a kilometre, so closer sites are
# simplification noise, not errors.
OUTSIDE_THRESHOLD_KM = 2.0


def outside_contour(sites: pd.DataFrame, contours: Contours,
                    threshold_km: float = OUTSIDE_THRESHOLD_KM) -> pd.DataFrame:
    """Sites further than ``threshold_km`` outside their own département's contour,
    with the distance in column ``distance_km``."""
    distance = distance_outside_km(contours, sites["insee_dep"], sites["latitude"], sites["longitude"])
    flagged = sites.loc[distance > threshold_km].copy()
    flagged["distance_km"] = distance[distance > threshold_km]
    return flagged


def contour_problems(flagged: pd.DataFrame) -> list[Problem]:
    return [
        Problem(
            int(site["row"]), "latitude",
            f"site « {site['lib_fs']} » situé à {formatting.number(site['distance_km'], 1)} km hors du contour "
            f"de son département ({site['insee_dep']} – {DEPARTEMENTS[site['insee_dep']].nom}) : "
            "coordonnées ou code département à vérifier.",
            "avertissement",
        )
        for site in flagged.to_dict("records")
    ]


def add_contour_warnings(sites: pd.DataFrame, report: Report, contours: Contours) -> pd.DataFrame:
    """Flag the sites outside their contour in ``report`` and return them."""
    flagged = outside_contour(sites, contours)
    report.problems.extend(contour_problems(flagged))
    report.problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return flagged
