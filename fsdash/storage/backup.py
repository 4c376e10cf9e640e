"""Back up and restore the whole database, portable between SQLite and PostgreSQL.

``write_backup`` writes every table of the schema into one gzipped JSON file
(values typed: dates, timestamps, bytes), with the schema's revision (Alembic).
``restore`` replaces the content of the database with it, in one transaction,
after checking it whole: every table present, rows as the schema's columns, the
same schema revision as the database. Any problem is a French ``BackupError`` and
leaves the database as it was; after a restore, the start-up fills run (one record
per département). A backup made on SQLite restores on PostgreSQL and the reverse.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import Date, DateTime, LargeBinary

from fsdash import __version__
from fsdash.domain.formatting import now
from fsdash.storage.registry import ensure_rows
from fsdash.storage.tables import metadata

FORMAT = "fsdash-backup"
FORMAT_VERSION = 1


class BackupError(ValueError):
    """The backup file cannot be restored; French message."""


def _encode(value):
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _decode(value, column):
    if isinstance(value, dict):
        if "$bytes" in value:
            return base64.b64decode(value["$bytes"], validate=True)
        if "$datetime" in value:
            moment = datetime.fromisoformat(value["$datetime"])
            if isinstance(column.type, DateTime) and column.type.timezone and moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return moment
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    if value is not None and isinstance(column.type, Date) and not isinstance(column.type, DateTime):
        return date.fromisoformat(value) if isinstance(value, str) else value
    if value is not None and isinstance(column.type, LargeBinary) and isinstance(value, str):
        return base64.b64decode(value, validate=True)
    return value


def schema_revision(conn) -> str | None:
    """The database's schema revision (Alembic), None when it has none."""
    try:
        with conn.begin_nested():
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def dump(engine: Engine) -> dict:
    """Every table's rows, in dependency order, and the schema's revision."""
    tables = {}
    with engine.connect() as conn:
        revision = schema_revision(conn)
        for table in metadata.sorted_tables:
            rows = conn.execute(select(table)).mappings().all()
            tables[table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "fsdash": __version__,
        "created_at": now().isoformat(), "dialect": engine.dialect.name, "schema_revision": revision,
        "tables": tables,
    }


def write_backup(engine: Engine, path: Path) -> dict[str, int]:
    """Write the backup atomically; returns the row count per table."""
    document = dump(engine)
    tmp = path.with_name(path.name + ".part")
    with gzip.open(tmp, "wt", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)
    os.replace(tmp, path)
    return {name: len(rows) for name, rows in document["tables"].items()}


def read_backup(path: Path) -> dict:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError, EOFError):
        raise BackupError(f"« {path} » n'est pas une sauvegarde fsdash lisible.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"« {path} » n'est pas une sauvegarde fsdash.")
    if document.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"« {path} » : version de sauvegarde {document.get('format_version')} non prise en charge.")
    return document


def check(document: dict) -> None:
    """Refuse (``BackupError``) a backup that does not hold every table of the schema,
    each as a list of rows with the schema's columns only."""
    tables = document.get("tables") if isinstance(document, dict) else None
    if not isinstance(tables, dict):
        raise BackupError("La sauvegarde ne contient pas de tables : rien n'a été restauré.")
    known = {t.name: t for t in metadata.sorted_tables}
    unknown = sorted(set(tables) - set(known))
    if unknown:
        raise BackupError("Tables inconnues dans la sauvegarde : " + ", ".join(unknown) + ". Rien n'a été restauré.")
    missing = sorted(set(known) - set(tables))
    if missing:
        raise BackupError("Tables absentes de la sauvegarde : " + ", ".join(missing) + ". Rien n'a été restauré.")
    for name, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise BackupError(f"Table « {name} » illisible dans la sauvegarde : rien n'a été restauré.")
        columns = {c.name for c in known[name].columns}
        extra = sorted({k for row in rows for k in row} - columns)
        if extra:
            raise BackupError(f"Colonnes inconnues dans la table « {name} » : {', '.join(extra)}. "
                              "Rien n'a été restauré.")


def restore(engine: Engine, document: dict) -> dict[str, int]:
    """Replace every table's content by the backup's, in one transaction, then run the
    start-up fills. ``BackupError`` (French) for any problem; the database is then untouched."""
    check(document)
    counts = {}
    try:
        with engine.begin() as conn:
            revision = schema_revision(conn)
            if document.get("schema_revision") != revision:
                raise BackupError(
                    f"La sauvegarde a été faite avec le schéma « {document.get('schema_revision') or 'inconnu'} », "
                    f"la base est au schéma « {revision} » : restaurez-la avec la version de fsdash qui l'a faite "
                    "(ou une base à ce schéma). Rien n'a été restauré.")
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
            for table in metadata.sorted_tables:
                rows = document["tables"][table.name]
                columns = {c.name: c for c in table.columns}
                try:
                    values = [{k: _decode(v, columns[k]) for k, v in row.items()} for row in rows]
                except (ValueError, TypeError, KeyError, binascii.Error):
                    raise BackupError(f"Valeur illisible dans la table « {table.name} » : rien n'a été restauré.") \
                        from None
                if values:
                    conn.execute(table.insert(), values)
                counts[table.name] = len(values)
            if engine.dialect.name == "postgresql":
                _reset_sequences(conn)
    except DBAPIError as exc:
        raise BackupError(f"La base a refusé le contenu de la sauvegarde ({type(exc.orig).__name__}) : "
                          "rien n'a été restauré.") from None
    ensure_rows(engine)  # the start-up fill: every département has its record
    return counts


def _reset_sequences(conn) -> None:
    """After explicit ids were inserted, move each serial sequence past the largest id."""
    for table in metadata.sorted_tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (column.autoincrement == "auto" and column.type.python_type is int):
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                ))
