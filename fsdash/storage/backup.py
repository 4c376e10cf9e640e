"""Back up and restore the whole database, portable between SQLite and PostgreSQL.

``python -m fsdash backup FILE`` writes every table of the schema into one
gzipped JSON file (values typed: dates, timestamps, bytes). ``restore FILE``
replaces the content of the database with it, in one transaction: a failure
leaves the database as it was. A backup made on SQLite restores on PostgreSQL
and the reverse.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.types import Date, DateTime, LargeBinary

from fsdash import __version__
from fsdash.storage.engine import metadata

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
            return base64.b64decode(value["$bytes"])
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
        return base64.b64decode(value)
    return value


def dump(engine: Engine) -> dict:
    """Every table's rows, in dependency order."""
    tables = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            rows = conn.execute(select(table)).mappings().all()
            tables[table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "fsdash": __version__,
        "created_at": datetime.now(UTC).isoformat(), "dialect": engine.dialect.name, "tables": tables,
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


def restore(engine: Engine, document: dict) -> dict[str, int]:
    """Replace every table's content by the backup's, in one transaction."""
    known = {t.name: t for t in metadata.sorted_tables}
    unknown = sorted(set(document["tables"]) - set(known))
    if unknown:
        raise BackupError("Tables inconnues dans la sauvegarde : " + ", ".join(unknown) + ".")
    counts = {}
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
        for table in metadata.sorted_tables:
            rows = document["tables"].get(table.name, [])
            columns = {c.name: c for c in table.columns}
            values = [{k: _decode(v, columns[k]) for k, v in row.items() if k in columns} for row in rows]
            if values:
                conn.execute(table.insert(), values)
            counts[table.name] = len(values)
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn)
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


def register(subparsers) -> None:
    backup = subparsers.add_parser("backup", help="sauvegarder toute la base dans un fichier (JSON compressé)",
                                   description="Sauvegarde portable (SQLite ↔ PostgreSQL) de toutes les tables.")
    backup.add_argument("file", metavar="FICHIER", type=Path)
    backup.set_defaults(handler=_backup)
    restore_parser = subparsers.add_parser(
        "restore", help="remplacer le contenu de la base par une sauvegarde",
        description="Remplace tout le contenu de la base par celui de la sauvegarde, en une transaction.")
    restore_parser.add_argument("file", metavar="FICHIER", type=Path)
    restore_parser.add_argument("--oui", action="store_true", help="ne pas demander de confirmation")
    restore_parser.set_defaults(handler=_restore)


def _engine():
    from fsdash.domain.settings import get_settings
    from fsdash.storage.engine import get_engine

    return get_engine(get_settings().database_url)


def _backup(args) -> int:
    counts = write_backup(_engine(), args.file)
    print(f"Sauvegarde écrite dans « {args.file} » : "
          + ", ".join(f"{name} {n}" for name, n in counts.items()) + ".")
    return 0


def _restore(args) -> int:
    try:
        document = read_backup(args.file)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if not args.oui:
        if not sys.stdin.isatty():
            print("Restauration refusée sans confirmation : ajoutez --oui.", file=sys.stderr)
            return 1
        answer = input("Tout le contenu actuel de la base sera remplacé. Continuer ? [oui/non] ")
        if answer.strip().lower() != "oui":
            print("Restauration annulée.")
            return 1
    try:
        counts = restore(_engine(), document)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Base restaurée depuis « {args.file} » (sauvegarde du {document['created_at'][:10]}) : "
          + ", ".join(f"{name} {n}" for name, n in counts.items()) + ".")
    return 0
