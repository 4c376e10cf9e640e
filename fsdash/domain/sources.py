"""The dashboard's data sources, as data: read from ``sources.toml`` beside this file.

One table for every place that cites or fetches a source: page footers, the
provenance tab, exports and the ``fetch`` command.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Source:
    key: str
    title: str  # « Liste des structures France services »
    label: str  # lower case, for sentences: « liste des France services »
    producer: str
    licence: str
    url: str  # where ``fetch`` downloads it (empty for data entered in the dashboard)
    page: str  # the page that presents it
    file: str  # its name in the data folder
    citation: str  # what a page or an export prints
    vintage: str  # « millésime 2024 », when the source has one


def _load() -> dict[str, Source]:
    with open(Path(__file__).with_name("sources.toml"), "rb") as handle:
        table = tomllib.load(handle)
    return {key: Source(key=key, **values) for key, values in table.items()}


SOURCES: dict[str, Source] = _load()
SITES = SOURCES["sites"]
CONTOURS = SOURCES["contours"]
REGISTRY = SOURCES["registry"]
