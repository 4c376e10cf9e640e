"""The budget simulator: assumptions, the pure engine, results as tables and files,
scenario comparison, and saved scenarios.

May import ``domain``, ``inputs`` and ``storage`` (only ``scenarios`` touches the database)."""
