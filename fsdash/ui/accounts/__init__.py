"""Accounts and rights page (``/comptes``)."""
