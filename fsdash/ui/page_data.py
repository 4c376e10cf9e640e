"""What the national and département pages build from the caches on every run (a
département's sites and table, the comparison, the national table), made once per
cached object and arguments (``fsdash.ui.memo``) and shared read-only by the sessions:
copy before changing anything. The caches themselves, and their keys, are in ``cache``.
"""

from __future__ import annotations

import pandas as pd

from fsdash.inputs import quality
from fsdash.ui import cache, memo
from fsdash.ui.cache import SiteData
from fsdash.views import departement as departement_views
from fsdash.views import national as national_views
from fsdash.views import timeline as timeline_views


def _filters(codes, types, formats) -> tuple:
    return tuple(sorted(codes)) if codes is not None else None, tuple(types or ()), tuple(formats or ())


def departement_sites(data: SiteData, code: str) -> pd.DataFrame:
    """The sites of one département, by name (read-only)."""
    return memo.remember((data.sites,), "departement_sites", (code,),
                         lambda: departement_views.departement_sites(data.sites, code))


def sites_table(data: SiteData, code: str) -> pd.DataFrame:
    """The sites table of one département with its data-quality warnings (read-only: copy to change it)."""
    contours = cache.contours()  # the checks use them when they are readable
    owners = (data.sites,) if contours is None else (data.sites, contours)
    return memo.remember(owners, "sites_table", (code,), lambda: departement_views.sites_table(
        departement_sites(data, code), quality.site_warnings(cache.quality_checks(data), code)))


def comparison(code: str, data: SiteData, records_frame: pd.DataFrame) -> departement_views.Comparison:
    """A département's figures beside the national ones."""
    return memo.remember((data.sites, records_frame), "comparison", (code,),
                         lambda: departement_views.compare(code, data.sites, records_frame))


def national_sites(data: SiteData, codes: set[str] | None, types: list[str], formats: list[str]) -> pd.DataFrame:
    """The sites the national page's filters keep (read-only)."""
    return memo.remember((data.sites,), "national_sites", _filters(codes, types, formats),
                         lambda: national_views.filter_sites(data.sites, codes, types, formats))


def national_table(records_frame: pd.DataFrame, data: SiteData, codes: set[str] | None, types: list[str],
                   formats: list[str]) -> pd.DataFrame:
    """The national page's table of départements (read-only)."""
    sites = national_sites(data, codes, types, formats)
    return memo.remember((records_frame, data.sites), "national_table", _filters(codes, types, formats),
                         lambda: national_views.departement_table(records_frame, sites, codes))


def region_summary(records_frame: pd.DataFrame, data: SiteData, codes: set[str] | None, types: list[str],
                   formats: list[str]) -> pd.DataFrame:
    """The national page's summary by région of the territories and sites its filters keep (read-only)."""
    def build() -> pd.DataFrame:
        shown = records_frame if codes is None else records_frame[records_frame["departement"].isin(codes)]
        sites = national_sites(data, codes, types, formats)
        return timeline_views.region_summary(shown, national_views.site_counts(sites))

    return memo.remember((records_frame, data.sites), "region_summary", _filters(codes, types, formats), build)
