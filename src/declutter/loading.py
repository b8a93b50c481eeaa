"""Reading rule files: TOML, one rule per file or a pack of ``[[rule]]`` tables.

Everything is validated on load (fields, kind parameters, regexes), so a broken rule file
fails with one message naming the file, the rule and the field, before any document is read.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from declutter.errors import RuleError
from declutter.kinds import KINDS
from declutter.params import Params
from declutter.rule import Rule, Scope, valid_domain

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COMMON = ("id", "kind", "summary", "why", "seen", "tags", "domains", "languages", "default")


def builtin_rules_dir() -> Path:
    """The built-in rules: packaged in the wheel, or the repository's ``rules/`` in a checkout."""
    packaged = Path(str(resources.files("declutter"))) / "builtin_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def load_builtin() -> list[Rule]:
    return load_path(builtin_rules_dir(), one_rule_per_file=True)


def load_path(path: str | Path, *, one_rule_per_file: bool = False) -> list[Rule]:
    """Load a rule file, or every ``*.toml`` below a folder, in sorted path order."""
    path = Path(path)
    if path.is_dir():
        files = _rule_files(path)
    elif path.is_file():
        files = [path]
    elif path.exists():
        raise RuleError("not a readable regular file", source=path)
    else:
        raise RuleError("no such rule file or folder", source=path)
    rules = [rule for file in files for rule in load_file(file, one_rule_per_file=one_rule_per_file)]
    check_unique(rules)
    return rules


def _rule_files(folder: Path) -> list[Path]:
    """The ``*.toml`` files below `folder`, skipping hidden ones (editor locks and backups).

    Anything else named ``*.toml`` that is not a regular file (a dangling link, a pipe) is an
    error: reading a pipe would hang, and skipping a broken link would hide a missing rule.
    """
    files = []
    for path in sorted(folder.rglob("*.toml")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or path.is_dir():
            continue
        if not path.is_file():
            raise RuleError("not a readable regular file", source=path)
        files.append(path)
    return files


def load_file(path: Path, *, one_rule_per_file: bool = False) -> list[Rule]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"cannot read: {exc.strerror or exc}", source=path) from None
    except UnicodeDecodeError as exc:
        raise RuleError(f"not UTF-8 text (byte {exc.start}); rule files are UTF-8 TOML", source=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"invalid TOML: {exc}", source=path) from None
    if "rule" in data:
        if one_rule_per_file:
            raise RuleError("built-in rule files hold one rule each, not [[rule]] packs", source=path)
        if set(data) != {"rule"} or not isinstance(data["rule"], list):
            raise RuleError("a pack file holds only [[rule]] tables", source=path, field="rule")
        return [parse_rule(entry, source=path) for entry in data["rule"]]
    rule = parse_rule(data, source=path)
    if one_rule_per_file and rule.id != path.stem:
        raise RuleError(f"file name must be {rule.id}.toml", source=path, rule_id=rule.id, field="id")
    return [rule]


def parse_rule(data: Mapping[str, Any], *, source: str | Path = "<rule>") -> Rule:
    """Validate one rule table and build its `Rule`."""
    if not isinstance(data, Mapping):
        raise RuleError("a rule must be a table", source=source)
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        raise RuleError("must be a kebab-case string (a-z, 0-9, -)", source=source, field="id")

    def fail(field: str, message: str) -> RuleError:
        return RuleError(message, source=source, rule_id=rule_id, field=field)

    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise fail("kind", f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}")
    texts = {}
    for name in ("summary", "why"):
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            raise fail(name, "is required (a non-empty string)")
        texts[name] = value.strip()
    if "\n" in texts["summary"]:
        raise fail("summary", "must be one line")
    default = data.get("default", True)
    if not isinstance(default, bool):
        raise fail("default", "must be true or false")
    tags = _string_list(data, "tags", fail)
    if bad := [t for t in tags if not _ID.fullmatch(t)]:
        raise fail("tags", f"tags are kebab-case: {bad[0]!r}")
    params = Params({k: v for k, v in data.items() if k not in _COMMON}, rule_id=rule_id, source=source)
    spec = KINDS[kind](params)
    params.finish()
    return Rule(
        id=rule_id,
        kind=kind,
        summary=texts["summary"],
        why=texts["why"],
        spec=spec,
        seen=_string_list(data, "seen", fail),
        tags=tags,
        scope=Scope.parse(_domains(data, fail)),
        languages=tuple(lang.lower() for lang in _string_list(data, "languages", fail)),
        default=default,
        source=str(source),
    )


def _string_list(data: Mapping[str, Any], name: str, fail: Any) -> tuple[str, ...]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(name, "must be a list of non-empty strings")
    return tuple(value)


def _domains(data: Mapping[str, Any], fail: Any) -> list[str]:
    domains = list(_string_list(data, "domains", fail))
    if bad := next((d for d in domains if not valid_domain(d)), None):
        raise fail("domains", f"{bad!r} is not a host name (example.com, or ~example.com to exclude)")
    return domains


def check_unique(rules: Iterable[Rule]) -> None:
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleError(
                f"duplicate rule id (also defined in {seen[rule.id]})",
                source=rule.source,
                rule_id=rule.id,
                field="id",
            )
        seen[rule.id] = rule.source
