"""The database: engine and migrations, tables, rights and accounts, the registry of
facilitators, versions of the site list, backup and purge. Every write checks the
acting user's right itself and is recorded in a history.

May import ``domain`` and ``inputs``; ``rights`` imports no other storage module."""
