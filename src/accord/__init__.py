"""Accord: a living registry of a university's academic exchange agreements."""

__version__ = "0.1.0"
