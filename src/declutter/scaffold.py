"""A new rule's starting point: a rule file that loads and fixtures that pass, with TODOs to fill.

A scaffold that already loads and passes `declutter rules test` lets an author change one thing
at a time (the phrase, then the fixture input, then ``--update``) and see each step work.
The TODO markers keep `declutter rules lint` failing until every placeholder is replaced.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from declutter.errors import DeclutterError
from declutter.fixtures import rule_cleaner
from declutter.loading import parse_rule
from declutter.output import write_atomic

#: What `declutter rules lint` looks for to say a scaffold was not finished.
PLACEHOLDER = "TODO"

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_BEFORE = "The first paragraph of the article, written for this fixture, stays where it is."
_AFTER = "The last paragraph of the article comes after the noise and stays as well."


@dataclass(frozen=True)
class _Template:
    """A kind's fields (TOML, with comments) and noise lines its placeholders remove."""

    fields: str
    noise: tuple[str, ...]


_TEMPLATES: dict[str, _Template] = {
    "phrase": _Template(
        '# "line": the whole line is the phrase (decoration such as "Read more:" ignored);\n'
        '# "prefix" / "contains": the line starts with / contains it (max_words bounds the line).\n'
        'match = "line"\n'
        "# Literal text as it appears in the document, never a regex; case and quotes do not matter.\n"
        'phrases = ["TODO noise line"]\n',
        ("TODO noise line",),
    ),
    "pattern": _Template(
        "# RE2 regexes that must match the WHOLE normalised line (lower case, single spaces).\n"
        'patterns = ["TODO noise line \\\\d+"]\n'
        "# Regexes that veto a matched line (what look-ahead would say).\n"
        "unless = []\n",
        ("TODO noise line 1",),
    ),
    "block": _Template(
        "# Heading lines that open the noise block; the headline-shaped lines after them go too.\n"
        'headings = ["TODO heading"]\n'
        "max_items = 8\n"
        "# A heading with fewer headline lines after it stays (1: a bare heading is kept).\n"
        "min_items = 1\n",
        ("TODO heading", "First linked headline", "Second linked headline"),
    ),
    "context": _Template(
        "# The anchor line; it goes with the headline-shaped line next to it.\n"
        'anchors = ["TODO anchor line"]\n'
        '# "next" or "previous": which neighbour goes with the anchor.\n'
        'target = "next"\n',
        ("TODO anchor line", "Title of the thing it introduces"),
    ),
    "thread": _Template(
        "# The line each comment of a thread carries (its reply button): from the first to the\n"
        "# last of at least min_markers such lines, at most max_gap non-blank lines apart, all goes.\n"
        'markers = ["TODO reply"]\n'
        "min_markers = 3\n"
        "max_gap = 12\n",
        ("TODO reply", "The first reader's comment, a sentence of prose.", "TODO reply",
         "The second reader's comment, another sentence.", "TODO reply"),
    ),
    "duplicate": _Template(
        '# With labels ("Image:"), "label X" near "X" goes; without, a short line repeated\n'
        "# within `window` lines goes.\n"
        "labels = []\n"
        "window = 1\n"
        "max_words = 6\n",
        ("TODO repeated line", "TODO repeated line"),
    ),
    "spam": _Template(
        "# Terms that make a short line at the document's edges spam on their own.\n"
        'spam_terms = ["TODO-spam-term"]\n'
        "edge_lines = 3\n"
        "foreign_script = false\n",
        ("TODO-spam-term online",),
    ),
    "run": _Template(
        "# A run of at least min_lines lines of at most max_words words goes whole.\n"
        "min_lines = 4\n"
        "max_words = 3\n"
        "max_chars = 30\n",
        ("Home", "News", "Sport", "Weather"),
    ),
}


#: The kinds `declutter rules new` can scaffold.
KINDS_WITH_TEMPLATES = tuple(_TEMPLATES)


@dataclass(frozen=True)
class Scaffold:
    """The files `declutter rules new` writes, by path."""

    files: dict[Path, str]


def scaffold(rule_id: str, kind: str, *, rules_dir: Path, fixtures_dir: Path,
             domains: tuple[str, ...] = ()) -> Scaffold:
    """The rule file and its fixture folder for a new rule, checked to load and to pass."""
    if not _ID.fullmatch(rule_id):
        raise DeclutterError(f"rule id {rule_id!r} must be kebab-case (a-z, 0-9, single hyphens)")
    if kind not in _TEMPLATES:
        raise DeclutterError(f"no scaffold for kind {kind!r}; kinds: {', '.join(_TEMPLATES)}")
    template = _TEMPLATES[kind]
    rule_path = rules_dir / f"{rule_id}.toml"
    text = _rule_text(rule_id, kind, template, domains)
    rule = parse_rule(tomllib.loads(text), source=rule_path)
    folder = fixtures_dir / rule_id
    removes = "\n".join([_BEFORE, "", *template.noise, "", _AFTER]) + "\n"
    keeps = "\n".join([
        _BEFORE,
        "",
        f'A sentence that quotes "{template.noise[0]}" inside it is article prose and stays.',
        "",
        _AFTER,
    ]) + "\n"
    url = f"https://{domains[0]}/a-page\n" if domains else None
    # The expected output is what the rule does, so a fresh scaffold passes `rules test`.
    removed = rule_cleaner(rule).clean_text(removes, url=url).text
    files = {
        rule_path: text,
        folder / "removes-noise-between-paragraphs.in.txt": removes,
        folder / "removes-noise-between-paragraphs.out.txt": removed,
        folder / "keeps-noise-quoted-in-prose.in.txt": keeps,
    }
    if url:
        files[folder / "removes-noise-between-paragraphs.url"] = url
        files[folder / "keeps-noise-quoted-in-prose.url"] = url
    return Scaffold(files)


def write_scaffold(made: Scaffold) -> None:
    """Write the files, refusing to touch any that exist: a scaffold never overwrites work."""
    if existing := [path for path in made.files if path.exists()]:
        raise DeclutterError(f"{existing[0]} exists; not overwriting it")
    for path, text in made.files.items():
        write_atomic(path, text.encode("utf-8"))


def _rule_text(rule_id: str, kind: str, template: _Template, domains: tuple[str, ...]) -> str:
    scope = f"domains = {json.dumps(list(domains))}\n" if domains else (
        '# domains = ["example.com", "~sub.example.com"]  # ad-block syntax: limit the rule to sites\n'
    )
    return (
        f"# A new {kind} rule: replace every {PLACEHOLDER}, edit the fixtures in the fixture folder,\n"
        "# then: declutter rules test --update, review the .out.txt files, declutter rules lint.\n"
        f'id = "{rule_id}"\n'
        f'kind = "{kind}"\n'
        f'summary = "{PLACEHOLDER}: one sentence naming the noise."\n'
        f'why = "{PLACEHOLDER}: why this is noise and never the article\'s content."\n'
        f"seen = {json.dumps(list(domains) or [f'{PLACEHOLDER}.example.com'])}\n"
        "tags = []\n"
        f"{scope}"
        f"{template.fields}"
    )
