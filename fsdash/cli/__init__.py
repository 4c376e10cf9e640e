"""``python -m fsdash``: one module per command group, sharing ``common``'s operator and database.

May import every layer but ``ui``."""
