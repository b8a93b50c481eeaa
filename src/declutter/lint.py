"""Checks on rules that loading cannot make: rules that collide, are untested, or reach too far.

Loading rejects what cannot work (bad fields, invalid regexes). A rule that loads can still be
wrong in ways that only show next to other rules, fixtures or ordinary prose: the same phrase in
two rules (the second never reports), a "phrase" that is really a regex (it matches nothing), a
regex that takes generic lines, a rule with no look-alike it must keep. Each finding names the
file, the rule and the check, so it reads like a compiler message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import re2

from declutter.errors import RuleError
from declutter.fixtures import WHOLE, Case, discover, rule_cleaner
from declutter.kinds.base import Stage
from declutter.kinds.pattern import PatternSpec
from declutter.linere import confine_to_line
from declutter.loading import load_file
from declutter.normalize import DECORATION, line_key, normalize
from declutter.params import MAX_PROGRAM_SIZE, re2_options
from declutter.rule import Rule, Scope
from declutter.scaffold import PLACEHOLDER

#: A regex this big still loads but costs every document; flagged well before the hard limit.
SLOW_PROGRAM_SIZE = MAX_PROGRAM_SIZE // 2

#: Lines that any site has and no rule should take whole: a regex matching one is too broad.
GENERIC_LINES = (
    "home", "news", "world", "politics", "business", "sport", "culture", "opinion", "analysis",
    "introduction", "background", "conclusion", "what happens next", "reaction", "update",
    "london", "the", "a", "yes", "no",
    "The council approved the budget on Tuesday after a long debate.",
    "She said the decision had been made months ago and would not change.",
    "Prices rose by 3 per cent in the year to March, the statistics office said.",
    "Police were called to the scene shortly after midnight.",
    "It was the first time the team had won the title since 1998.",
)

_PLACEHOLDER = re.compile(rf"\b{PLACEHOLDER}\b")  # upper case only: Spanish "todo" is a word

#: Text that is almost never meant literally in a news line, but is in a regex. A bar between
#: spaces ("Home | News") and a bracketed word ("[Photo]") are common literal text.
_REGEX_LIKE = re.compile(r"\.[*+]|\\[dwsbDWSpP]|\[\^|\[[^\]\s]*(?:-|\\)[^\]\s]*\]|\(\?|\S\||\|\S|^\^|\$$")


@dataclass(frozen=True)
class Finding:
    path: str
    rule: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.rule}: {self.check}: {self.message}"


@dataclass(frozen=True)
class LoadedFile:
    """A rule file's rules, or the error that stopped it loading."""

    path: Path
    rules: tuple[Rule, ...]
    error: RuleError | None = None


def load_files(paths: Iterable[Path]) -> list[LoadedFile]:
    """Each ``*.toml`` file under `paths`, loaded alone, so one bad file or a duplicate id
    across files becomes a finding instead of stopping the lint."""
    files = []
    for path in paths:
        found = sorted(path.rglob("*.toml")) if path.is_dir() else [path]
        # Hidden files (editor locks, backups) are not rules, as when loading a folder.
        for file in [f for f in found if not any(p.startswith(".") for p in f.relative_to(path).parts)]:
            try:
                files.append(LoadedFile(file, tuple(load_file(file))))
            except RuleError as exc:
                files.append(LoadedFile(file, (), exc))
    return files


def lint(
    files: Sequence[LoadedFile],
    *,
    context: Sequence[Rule] = (),
    fixtures: Sequence[Path] = (),
    prose: str | None = None,
) -> list[Finding]:
    """Findings for the rules in `files`; `context` rules (the built-in pack when linting user
    rules) count for duplicate ids and overlaps but are not themselves reported."""
    findings = [
        Finding(str(f.path), f.error.rule_id or "-", "invalid", f.error.message)
        for f in files
        if f.error is not None
    ]
    rules = [rule for f in files for rule in f.rules]
    cases = [case for folder in fixtures if folder.is_dir() for case in discover(folder)]
    findings += _duplicate_ids(rules, context)
    findings += _overlaps(rules, context)
    for rule in rules:
        findings += _placeholders(rule)
        findings += _fixtures(rule, cases)
        findings += _regex_like_phrases(rule)
        findings += _doubled_phrases(rule)
        findings += _regexes(rule)
        findings += _ascii_boundaries(rule)
        if prose is not None:
            findings += _fires_on_prose(rule, prose)
    findings += _orphan_fixtures(cases, [*rules, *context])
    return sorted(findings, key=lambda f: (f.path, f.rule))


def _duplicate_ids(rules: Sequence[Rule], context: Sequence[Rule]) -> list[Finding]:
    first: dict[str, Rule] = {rule.id: rule for rule in context}
    findings = []
    for rule in rules:
        if rule.id in first:
            other = first[rule.id]
            findings.append(_finding(rule, "duplicate-id", f"also defined in {other.source}"))
        else:
            first[rule.id] = rule
    return findings


def _literals(rule: Rule) -> list[tuple[str, str]]:
    """The rule's literal triggers (phrases, headings, anchors) as written and as matched."""
    raw = [p for name in ("phrases", "headings", "anchors") for p in getattr(rule.spec, name, ())]
    return [(text, line_key(normalize(text))) for text in raw]


def _regex_fields(rule: Rule) -> list[str]:
    return [t.text for t in rule.spec.triggers() if t.mode == "regex" and rule.kind != "duplicate"]


def _overlaps(rules: Sequence[Rule], context: Sequence[Rule]) -> list[Finding]:
    """Literals that cannot all take effect.

    Within a rule: two phrases that are the same line once normalised (case, quotes, and the
    decoration at the ends that whole-line matching ignores). Across line rules (phrase and
    pattern, which claim a line from the line alone): the same phrase in two rules, or a phrase
    another rule's regex matches whole; only one of them can ever report that line. Block and
    context rules still fire on a line another rule claimed, so their headings may repeat one.
    """
    findings = []
    earlier: dict[str, Rule] = {}
    line_rules = [rule for rule in [*context, *rules] if rule.spec.stage is Stage.LINE]
    line_tests = [(rule, rule.spec.line_test()) for rule in line_rules if isinstance(rule.spec, PatternSpec)]
    for rule in context:
        if rule.spec.stage is Stage.LINE:
            for _, key in _literals(rule):
                earlier.setdefault(key, rule)
    for rule in rules:
        first: dict[str, str] = {}
        for text, key in _literals(rule):
            if key in first:
                findings.append(_finding(
                    rule, "duplicate-phrase",
                    f"{text!r} is the same line as {first[key]!r} once normalised; keep one",
                ))
                continue
            first[key] = text
            if rule.spec.stage is not Stage.LINE:
                continue
            other = earlier.setdefault(key, rule)
            if other is not rule and _scopes_meet(rule.scope, other.scope):
                findings.append(
                    _finding(rule, "overlap", f"phrase {text!r} is also in rule {other.id} ({other.source})")
                )
            for owner, removes in line_tests:
                if owner is not rule and _scopes_meet(rule.scope, owner.scope) and removes(key):
                    message = f"phrase {text!r} is a line that rule {owner.id}'s patterns remove"
                    findings.append(_finding(rule, "overlap", message))
    return findings


def _scopes_meet(a: Scope, b: Scope) -> bool:
    """Whether some site can be in both scopes (exclusions aside): two site rules for unrelated
    sites may share a phrase; a generic rule meets every site."""
    if not a.include or not b.include:
        return True
    return any(x == y or x.endswith("." + y) or y.endswith("." + x) for x in a.include for y in b.include)


def _placeholders(rule: Rule) -> list[Finding]:
    texts = [rule.summary, rule.why, *rule.seen]
    for field in fields(rule.spec):  # type: ignore[arg-type]
        value = getattr(rule.spec, field.name)
        if isinstance(value, tuple):
            texts += [v for v in value if isinstance(v, str)]
    if any(_PLACEHOLDER.search(text) for text in texts):
        return [_finding(rule, "placeholder", f"replace the {PLACEHOLDER} placeholders left by `rules new`")]
    return []


def _fixtures(rule: Rule, cases: Sequence[Case]) -> list[Finding]:
    mine = [case for case in cases if case.rule == rule.id]
    findings = []
    if not any(case.removes for case in mine):
        findings.append(_finding(rule, "no-removing-fixture",
                                 f"add fixtures/{rule.id}/removes-<what>.in.txt and its .out.txt"))
    if not any(not case.removes for case in mine):
        findings.append(_finding(rule, "no-keeping-fixture",
                                 f"add a look-alike it must keep: fixtures/{rule.id}/keeps-<what>.in.txt"))
    return findings


def _orphan_fixtures(cases: Sequence[Case], rules: Sequence[Rule]) -> list[Finding]:
    known = {rule.id for rule in rules}
    folders = {case.input_path.parent: case.rule for case in cases}
    return [
        Finding(str(folder), rule_id, "orphan-fixtures", "a fixture folder with no rule of that id")
        for folder, rule_id in sorted(folders.items())
        if rule_id not in known and rule_id not in WHOLE
    ]


def _regex_like_phrases(rule: Rule) -> list[Finding]:
    return [
        _finding(rule, "regex-like-phrase",
                 f"phrase {text!r} looks like a regex but is matched literally; use a pattern rule")
        for text, _ in _literals(rule)
        if _REGEX_LIKE.search(text)
    ]


def _doubled_phrases(rule: Rule) -> list[Finding]:
    """Literals that are one label printed twice ("Share Share"): a line's key holds such a label
    once (`declutter.normalize.line_key`), so the literal would take the label alone too."""
    findings = []
    for text, key in _literals(rule):
        whole = normalize(text).strip(DECORATION)
        if key != whole and whole in (f"{key} {key}", key + key):
            message = f"phrase {text!r} is a label printed twice: a line's key holds it once, so it takes {key!r} alone"
            findings.append(_finding(rule, "doubled-phrase", message))
    return findings


def _regexes(rule: Rule) -> list[Finding]:
    findings = []
    for pattern in _regex_fields(rule):
        regex = _compiled(pattern)
        if regex.programsize > SLOW_PROGRAM_SIZE:
            findings.append(_finding(
                rule, "slow-regex",
                f"regex {_short(pattern)} compiles to {regex.programsize} RE2 instructions "
                f"(lint limit {SLOW_PROGRAM_SIZE}, hard limit {MAX_PROGRAM_SIZE}); avoid counted "
                "repetitions of broad classes",
            ))
        hits = [line for line in GENERIC_LINES if regex.fullmatch(normalize(line))]
        if hits:
            findings.append(_finding(
                rule, "broad-regex", f"regex {_short(pattern)} matches the ordinary line {hits[0]!r}"
            ))
    return findings


#: A letter outside ASCII beside `\\b`, and a simple group right after or before one.
_LETTER_AT_BOUNDARY = re.compile(r"[^\W\d_](?<![a-zA-Z])\\b|\\b[^\W\d_](?<![a-zA-Z])")
_GROUP_AFTER_BOUNDARY = re.compile(r"\\b\(((?:[^()\\]|\\.)*)\)")
_GROUP_BEFORE_BOUNDARY = re.compile(r"\(((?:[^()\\]|\\.)*)\)\\b")


def _ascii_boundaries(rule: Rule) -> list[Finding]:
    """Regexes with a `\\b` beside a letter outside ASCII, where it never matches: RE2's word
    boundary knows ASCII letters only, so `\\b(afirmó|dijo)\\b` finds 'dijo' and never 'afirmó'
    (a veto in `unless` that silently vetoes nothing)."""
    spec = rule.spec
    patterns = [
        *_regex_fields(rule),
        *(p for name in ("requires", "unless", "requires_cased") for p in getattr(spec, name, ())),
    ]
    findings = []
    for pattern in patterns:
        words = _beside_boundary(pattern)
        if words:
            findings.append(_finding(
                rule, "ascii-boundary",
                f"regex {_short(pattern)}: \\b beside {words[0]!r} never matches (RE2's \\b knows ASCII "
                "letters only); end such a word with ([^\\pL\\pN_].*)? or a character class",
            ))
    return findings


def _beside_boundary(pattern: str) -> list[str]:
    """The words of `pattern` that start or end in a letter outside ASCII right at a `\\b`:
    beside it, or at the edge of an alternative of a group that it borders."""
    words = [m.group(0) for m in _LETTER_AT_BOUNDARY.finditer(pattern)]
    for group in _GROUP_AFTER_BOUNDARY.finditer(pattern):
        words += [alt for alt in group.group(1).split("|") if _foreign(alt[:1])]
    for group in _GROUP_BEFORE_BOUNDARY.finditer(pattern):
        words += [alt for alt in group.group(1).split("|") if _foreign(alt[-1:])]
    return words


def _foreign(char: str) -> bool:
    return char.isalpha() and not char.isascii()


def _fires_on_prose(rule: Rule, prose: str) -> list[Finding]:
    url = f"https://{rule.scope.include[0]}/" if rule.scope.include else None
    result = rule_cleaner(rule).clean_text(prose, url=url)
    return [
        _finding(rule, "fires-on-prose", f"removes prose line {removal.line}: {_short(removal.text)}")
        for removal in result.removed
    ]


def _compiled(pattern: str) -> re2._Regexp:
    return re2.compile(confine_to_line(pattern), re2_options())


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _finding(rule: Rule, check: str, message: str) -> Finding:
    return Finding(rule.source, rule.id, check, message)
