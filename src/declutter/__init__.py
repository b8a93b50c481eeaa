"""declutter: remove boilerplate and noise from scraped news, with every removal explained."""

from declutter.cleaner import Cleaner, clean, clean_html, clean_text
from declutter.errors import (
    DeclutterError,
    InputError,
    LimitError,
    RuleError,
    SelectionError,
    TimeBudgetError,
)
from declutter.html.limits import Limits
from declutter.loading import load_path
from declutter.result import Element, Metadata, Removal, Result
from declutter.rule import Rule

__all__ = [
    "Cleaner",
    "DeclutterError",
    "Element",
    "InputError",
    "LimitError",
    "Limits",
    "Metadata",
    "Removal",
    "Result",
    "Rule",
    "RuleError",
    "SelectionError",
    "TimeBudgetError",
    "clean",
    "clean_html",
    "clean_text",
    "load_path",
]
__version__ = "0.1.0"
