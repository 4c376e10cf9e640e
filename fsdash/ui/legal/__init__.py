"""The legal notice (mentions légales)."""
