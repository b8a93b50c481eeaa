"""The ``declutter`` command line; each command lives in its own module."""

from declutter.cli import clean, explain, mine, rules  # noqa: F401  (registers the commands)
from declutter.cli.app import main

__all__ = ["main"]
