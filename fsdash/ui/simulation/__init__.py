"""The budget simulator page (``/simulation``)."""
