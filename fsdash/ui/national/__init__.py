"""The national map page (``/``)."""
