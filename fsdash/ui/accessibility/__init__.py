"""The accessibility statement (RGAA)."""
