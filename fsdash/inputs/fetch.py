"""The official files: validate what was downloaded, and fetch every source into the data folder.

The sources themselves (URLs, file names) are data: ``fsdash/domain/sources.toml``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from fsdash.domain.settings import CONTOURS_FILENAME, SITES_FILENAME
from fsdash.domain.sources import CONTOURS, SITES
from fsdash.domain.text import looks_like_html
from fsdash.inputs.contours import ContoursFileError, parse_contours
from fsdash.inputs.download import DEFAULT_TIMEOUT, FetchError, Progress, download
from fsdash.inputs.provenance import Downloaded, Validator
from fsdash.inputs.sites import read_sites


def _refuse_html(data: bytes) -> None:
    if looks_like_html(data):
        raise ValueError("Le serveur a renvoyé une page web (HTML) au lieu du fichier attendu "
                         "(adresse erronée, ou page d'erreur ou de maintenance).")


def validate_sites(data: bytes) -> dict:
    """The site list must not be rejected by ``read_sites``; returns its counts."""
    _refuse_html(data)
    try:
        _, report = read_sites(data, SITES_FILENAME)
    except Exception as exc:  # read_sites reports bad content; anything else is unexpected content
        raise ValueError(f"Le fichier « {SITES_FILENAME} » est illisible ({type(exc).__name__}).") from exc
    if report.rejected:
        raise ValueError(report.summary())
    return {"rows": report.rows, "valid": report.valid,
            "errors": len(report.errors), "warnings": len(report.warnings)}


def validate_contours(data: bytes) -> dict:
    """The contours must be parsed by ``parse_contours``; returns how many départements."""
    _refuse_html(data)
    try:
        contours = parse_contours(data, CONTOURS_FILENAME)
    except ContoursFileError as exc:
        raise ValueError(str(exc)) from None
    except Exception as exc:  # odd JSON shapes (features that are not objects, broken geometries)
        raise ValueError(f"Le fichier « {CONTOURS_FILENAME} » n'est pas un GeoJSON de contours lisible "
                         f"({type(exc).__name__}).") from exc
    return {"departements": len(contours.codes)}


@dataclass(frozen=True)
class Source:
    key: str
    label: str  # French, for messages
    filename: str
    validate: Validator


SOURCES: tuple[Source, ...] = (
    Source("sites", SITES.label, SITES_FILENAME, validate_sites),
    Source("contours", CONTOURS.label, CONTOURS_FILENAME, validate_contours),
)


@dataclass
class Outcome:
    source: Source
    url: str
    result: Downloaded | None = None
    error: FetchError | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None


def fetch_all(data_dir: str | Path, urls: Mapping[str, str], timeout: float = DEFAULT_TIMEOUT,
              progress: bool | Callable[[str], Progress] = True) -> list[Outcome]:
    """Download every source (``urls`` by source key) into ``data_dir``, one after the other.

    ``progress``: as for ``download``, or a factory ``progress(file_name)``.
    A failure does not stop the others, and a file already installed stays.
    """
    data_dir = Path(data_dir)
    outcomes = []
    for source in SOURCES:
        url = urls[source.key]
        outcome = Outcome(source, url)
        bar = progress(source.filename) if callable(progress) else progress
        try:
            outcome.result = download(url, data_dir / source.filename, source.validate,
                                      progress=bar, timeout=timeout)
        except FetchError as exc:
            outcome.error = exc
        outcomes.append(outcome)
    return outcomes


