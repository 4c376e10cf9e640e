"""Versions of the site list in the database: storage, current pointer, rollback, history.

Each version keeps the bytes of the file exactly as received (a ``LargeBinary``
column: BLOB on SQLite, bytea on PostgreSQL) and its metadata: source, file
name, official URL when known, date of the extract, SHA-256, size, row counts,
who and when. The one row of ``site_list_current`` points at the current
version: the dashboard reads that one. Every change of version (first version,
import, rollback) writes one ``site_list_history`` row in the same transaction
as the pointer move. Nothing is ever deleted.

Changing the current version (import, rollback, first start) is ``site_imports``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import (
    Engine,
    select,
)

from fsdash.domain import formatting
from fsdash.inputs.sites import Report, read_sites
from fsdash.storage.tables import site_list_current, site_list_history, site_list_versions

log = logging.getLogger(__name__)

# The official list is about 1.2 MB for 2,845 sites; a file many times larger is
# not a site list, and validating it would hold the page for seconds.
MAX_IMPORT_BYTES = 20 * 1024 * 1024

SOURCE_DOWNLOAD = "download"  # fetched from the official URL (``fetch --import``)
SOURCE_UPLOAD = "upload"  # sent on the data page
SOURCE_CLI = "cli"  # ``import-sites FILE``
SOURCE_LOCAL = "local"  # the file found in the data folder on first start
SOURCE_LABELS: dict[str, str] = {
    SOURCE_DOWNLOAD: "téléchargée depuis l'adresse officielle",
    SOURCE_UPLOAD: "envoyée sur la page Données",
    SOURCE_CLI: "importée en ligne de commande",
    SOURCE_LOCAL: "fichier local",
}

ACTION_FIRST = "creation"
ACTION_IMPORT = "import"
ACTION_ROLLBACK = "retour"
ACTION_LABELS: dict[str, str] = {
    ACTION_FIRST: "première version (fichier local)",
    ACTION_IMPORT: "import",
    ACTION_ROLLBACK: "retour à une version antérieure",
}

FIRST_START_AUTHOR = "démarrage du tableau de bord"
IMPORT_ACTION = "importer une liste des sites"
ROLLBACK_ACTION = "revenir à une version de la liste des sites"

_META_COLUMNS = [c for c in site_list_versions.c if c.name != "data"]


class VersionError(ValueError):
    """An operation on the versions refused; the message is in French."""


class FileRefusedError(VersionError):
    """The file was rejected by validation; nothing was stored."""


class StaleBaseError(VersionError):
    """The current version changed between the preview and the confirmation."""


@dataclass(frozen=True)
class Version:
    id: int
    created_at: datetime
    author: str
    source: str
    file_name: str
    url: str | None
    extract_date: date | None
    sha256: str
    size: int
    row_count: int
    valid_count: int
    error_count: int
    warning_count: int

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    def label(self) -> str:
        """« n° 3 – liste-fs.csv (2 842 sites), importée en ligne de commande le 02/12/2026 à 10:15 par Alice »"""
        return (f"n° {self.id} – {self.file_name} ({formatting.number(self.valid_count)} sites), "
                f"{self.source_label} le {formatting.moment(self.created_at)} par {self.author}")


def _utc(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _version(row) -> Version:
    values = {c.name: getattr(row, c.name) for c in _META_COLUMNS}
    values["created_at"] = _utc(values["created_at"])
    return Version(**values)



# --------------------------------------------------------------------------- reading


def current_version(engine: Engine) -> Version | None:
    """The current version's metadata (one small query, cheap enough for every page run)."""
    query = (select(*_META_COLUMNS)
             .select_from(site_list_current.join(site_list_versions,
                                                 site_list_current.c.version_id == site_list_versions.c.id))
             .where(site_list_current.c.id == 1))
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return _version(row) if row is not None else None


def get_version(engine: Engine, version_id: int) -> Version:
    with engine.connect() as conn:
        row = conn.execute(select(*_META_COLUMNS).where(site_list_versions.c.id == version_id)).first()
    if row is None:
        raise VersionError(f"La version n° {version_id} de la liste des sites n'existe pas.")
    return _version(row)


def list_versions(engine: Engine) -> list[Version]:
    """Every version, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(*_META_COLUMNS).order_by(site_list_versions.c.id.desc())).all()
    return [_version(r) for r in rows]


def has_checksum(engine: Engine, sha256: str) -> bool:
    """Is a file with these bytes already stored as a version?"""
    with engine.connect() as conn:
        return conn.execute(select(site_list_versions.c.id).where(site_list_versions.c.sha256 == sha256)
                            .limit(1)).first() is not None


def version_bytes(engine: Engine, version_id: int) -> bytes:
    with engine.connect() as conn:
        data = conn.execute(select(site_list_versions.c.data).where(site_list_versions.c.id == version_id)).scalar()
    if data is None:
        raise VersionError(f"La version n° {version_id} de la liste des sites n'existe pas.")
    return bytes(data)


def load_version(engine: Engine, version_id: int) -> tuple[pd.DataFrame, Report]:
    """The valid sites of a version and its validation report (validated again from the stored bytes)."""
    version = get_version(engine, version_id)
    return read_sites(version_bytes(engine, version_id), version.file_name)


def history(engine: Engine) -> pd.DataFrame:
    """Every change of version, newest first."""
    columns = ["id", "changed_at", "author", "action", "version_id", "previous_version_id", "summary", "counts"]
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(site_list_history)
                                                       .order_by(site_list_history.c.id.desc()))]
    for row in rows:
        row["changed_at"] = _utc(row["changed_at"])
    frame = pd.DataFrame(rows, columns=columns)
    frame["previous_version_id"] = frame["previous_version_id"].astype("Int64")
    return frame
