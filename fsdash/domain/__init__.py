"""Vocabulary and sources as data: statuses, record fields, territories, formats, sources, settings.

Imports nothing from fsdash but ``domain``."""
