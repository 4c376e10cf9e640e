"""What every command shares: who acts (the operator) and the database engine."""

from __future__ import annotations


def operator(name: str | None = None):
    """The acting user of a command: ``rights.operator``, an administrator named after
    the system user, or ``name`` (``--auteur``) when given."""
    from fsdash.storage import rights

    return rights.operator((name or "").strip() or None)


def database():
    """The engine of the configured database (schema brought up to date)."""
    from fsdash.domain.settings import get_settings
    from fsdash.storage.engine import get_engine

    return get_engine(get_settings().database_url)
