"""Project settings from ``declutter.toml`` or ``[tool.declutter]`` in ``pyproject.toml``.

As with ruff, a project can pin its rule paths and selection once; command-line flags win
over the file. Rule paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from declutter.cleaner import DEFAULT_MAX_REMOVED
from declutter.errors import DeclutterError

_KEYS = {"rules", "builtin", "select", "ignore", "enable", "max_removed"}


class ConfigError(DeclutterError):
    """The settings file is unreadable or has an unknown or mistyped key."""


@dataclass(frozen=True)
class Settings:
    rules: tuple[Path, ...] = ()
    builtin: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    max_removed: float = DEFAULT_MAX_REMOVED
    source: Path | None = None


def find_settings(folder: Path) -> Settings:
    """Settings from `folder`: ``declutter.toml`` first, else ``pyproject.toml``'s table."""
    own = folder / "declutter.toml"
    if own.is_file():
        return _settings(_read(own), own)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        table = _read(pyproject).get("tool", {}).get("declutter")
        if table is not None:
            return _settings(table, pyproject)
    return Settings()


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc}") from None


def _settings(table: Any, path: Path) -> Settings:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: declutter settings must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    builtin = table.get("builtin", True)
    if not isinstance(builtin, bool):
        raise ConfigError(f"{path}: 'builtin' must be true or false")
    max_removed = table.get("max_removed", DEFAULT_MAX_REMOVED)
    if isinstance(max_removed, bool) or not isinstance(max_removed, int | float) or not 0 <= max_removed <= 1:
        raise ConfigError(f"{path}: 'max_removed' must be a number from 0 to 1")
    lists = {key: _strings(table, key, path) for key in ("rules", "select", "ignore", "enable")}
    return Settings(
        rules=tuple(path.parent / p for p in lists["rules"]),
        builtin=builtin,
        select=lists["select"],
        ignore=lists["ignore"],
        enable=lists["enable"],
        max_removed=float(max_removed),
        source=path,
    )


def _strings(table: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key!r} must be a list of strings")
    return tuple(value)
