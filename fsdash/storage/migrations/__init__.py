"""Alembic migrations of the fsdash schema (SQLite and PostgreSQL alike)."""
