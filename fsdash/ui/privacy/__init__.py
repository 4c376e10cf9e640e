"""Personal data page (``/confidentialite``)."""
