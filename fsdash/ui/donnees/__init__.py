"""The data page (``/donnees``): site-list versions, registry, quality, provenance."""
