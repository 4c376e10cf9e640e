"""The page of one département (``/departement?dep=CODE``)."""
