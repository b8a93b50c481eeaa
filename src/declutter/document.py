"""A text document as lines: splitting with line endings kept, and reassembly after removals.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only (not at U+2028 or form feeds, which
`str.splitlines` would split on), so each kept line can be written back byte-identical with
its own ending.

Only *candidate* lines, those with at most `max_words` words (the longest line any active
rule can remove), are normalised and matched. Longer lines are article prose to every rule;
they keep their raw text in `normalized`, which is all the neighbour rules need of them (a
word count beyond any headline, and text equal to no noise line). Most of a document's bytes
are in such paragraphs, so this is where the speed comes from.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from declutter.errors import InputError
from declutter.normalize import (
    LINK_HINT_WORDS,
    PICTOGRAPHS,
    POINTER_ENDS,
    line_keys,
    normalize,
    normalize_lines,
    without_brackets,
    without_pointers,
)

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass(frozen=True, eq=False)
class Document:
    """The lines of one text, their endings, and their normalised forms for matching."""

    lines: tuple[str, ...]
    endings: tuple[str, ...]
    normalized: tuple[str, ...]
    candidates: tuple[int, ...]
    #: Per-line facts a rule derives once per document (keyed by the rule's spec), so the
    #: scan stage's repeated passes do not recompute them.
    facts: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_text(cls, text: str, *, max_words: int) -> Document:
        if not isinstance(text, str):
            hint = ""
            if isinstance(text, bytes | bytearray):
                hint = " (decode bytes with declutter.decoding.decode_text)"
            raise InputError(f"text mode cleans a str, not {type(text).__name__}{hint}")
        lines, endings = _split(text)
        # Inlined rather than a helper: this runs for every line of every document. Words are
        # counted before normalising, which drops a link's hint ("Facebook (opens in new tab)"):
        # a line with a bracket gets room for one.
        hinted = max_words + LINK_HINT_WORDS
        candidates = tuple(
            i
            for i, line in enumerate(lines)
            if len(line) <= max_words
            or line.count(" ") < max_words
            or ("  " in line and len(line.split()) <= max_words)
            or ("(" in line and line.count(" ") < hinted)
        )
        normalized = list(lines)
        for index, line in zip(candidates, _normalize_lines([lines[i] for i in candidates])):
            normalized[index] = line
        return cls(lines, endings, tuple(normalized), candidates)

    @cached_property
    def matched(self) -> tuple[list[str], tuple[int, ...]]:
        """The lines that regexes and the phrase automaton run over, and the line index each
        comes from: every normalised candidate line, and after one with pointers at its ends
        ("👉 Sign up for our newsletter", "By Jane Doe |") or square brackets around it
        ("[Related: ...]") the same line without them (`declutter.normalize.without_pointers`,
        `without_brackets`), so that a rule's regex meets it as it meets the bare label. Most
        documents have no such line."""
        lines = [self.normalized[i] for i in self.candidates]
        # a quick look at each end; `without_pointers` and `without_brackets` then take off
        # exactly what they should
        ends, pictographs = POINTER_ENDS, PICTOGRAPHS[0]
        pointed = [
            position
            for position, line in enumerate(lines)
            if line
            and (
                line[0] in ends
                or line[-1] in ends
                or line[0] >= pictographs
                or line[-1] >= pictographs
                or line[0] == "["
            )
        ]
        bare = [(position, without_brackets(without_pointers(lines[position]))) for position in pointed]
        variants = [(position, line) for position, line in bare if line != lines[position]]
        if not variants:
            return lines, self.candidates
        sources = list(self.candidates)
        for position, line in reversed(variants):  # from the end, so positions still hold
            lines.insert(position + 1, line)
            sources.insert(position + 1, sources[position])
        return lines, tuple(sources)

    @cached_property
    def sources(self) -> tuple[int, ...]:
        """The line index of each line of `text`."""
        return self.matched[1]

    @cached_property
    def text(self) -> str:
        """The `matched` lines as one string, joined by ``\\n``."""
        return "\n".join(self.matched[0])

    @cached_property
    def offsets(self) -> tuple[int, ...]:
        """Start offset in `text` of each of its lines."""
        return _starts(map(len, self.matched[0]))

    @cached_property
    def data(self) -> bytes:
        """`text` as UTF-8: RE2 matches bytes without converting offsets back to characters."""
        # surrogatepass: a str may hold lone surrogates; they match nothing, and cost no scan.
        return self.text.encode("utf-8", "surrogatepass")

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Each candidate line's key (`declutter.normalize.line_key`), for whole-line lookups."""
        data = self.data
        return line_keys(
            map(self.normalized.__getitem__, self.candidates),
            # an icon's name has an underscore; a glyph is U+E000 to U+FFFF (the Private Use Area
            # among them) or U+10000 on, whose UTF-8 lead bytes these are
            icons=b"_" in data or b"\xee" in data or b"\xef" in data or b"\xf0" in data,
        )

    @cached_property
    def nonblank(self) -> tuple[int, ...]:
        """Indexes of the lines that have any visible text."""
        return tuple(i for i, line in enumerate(self.normalized) if line)

    def render(self, removed: Collection[int]) -> str:
        """The text without the `removed` line indexes.

        Removing a line must not leave a gap the input did not have: where removed lines sat
        between blank runs, only the longest of those runs is kept; blank runs at the ends
        of the document survive only if they were there before; a missing final newline stays
        missing.
        """
        if not removed:
            return "".join([line + end for line, end in zip(self.lines, self.endings)])
        normalized = self.normalized
        kept: list[int] = []
        runs: list[list[int]] = [[]]
        seen_kept = False
        for index in range(len(normalized)):
            if index in removed:
                runs.append([])
            elif not normalized[index]:
                runs[-1].append(index)
            else:
                if len(runs) > 1 or runs[0]:
                    kept.extend(_choose_run(runs, at_start=not seen_kept))
                    runs = [[]]
                kept.append(index)
                seen_kept = True
        if seen_kept:
            kept.extend(runs[-1])
        kept = self._unmerged(kept)
        parts = [self.lines[i] + self.endings[i] for i in kept]
        if parts and not self.endings[-1]:
            parts[-1] = self.lines[kept[-1]]
        return "".join(parts)

    def _unmerged(self, kept: list[int]) -> list[int]:
        """`kept` without the empty ``\\n`` lines that would follow a line ending in ``\\r``.

        Once the lines between them are removed, "\\r" and "\\n" read as one "\\r\\n": the
        blank line would not survive as a line, and the line before it would change its ending.
        """
        lines, endings = self.lines, self.endings
        unmerged: list[int] = []
        for index in kept:
            if unmerged and endings[unmerged[-1]] == "\r" and endings[index] == "\n" and not lines[index]:
                continue
            unmerged.append(index)
        return unmerged


def _starts(lengths: Iterable[int]) -> tuple[int, ...]:
    """Start offsets of consecutive lines of these lengths, joined by one-character newlines."""
    starts = []
    position = 0
    for length in lengths:
        starts.append(position)
        position += length + 1
    return tuple(starts)


def _split(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if "\r" in text:
        chunks = _LINE.findall(text)
        lines = tuple(chunk.rstrip("\r\n") for chunk in chunks)
        return lines, tuple(chunk[len(line) :] for chunk, line in zip(chunks, lines))
    lines = tuple(text.split("\n"))
    if lines[-1] == "":
        lines = lines[:-1]
        return lines, ("\n",) * len(lines)
    return lines, ("\n",) * (len(lines) - 1) + ("",)


def _choose_run(runs: list[list[int]], *, at_start: bool) -> list[int]:
    """Pick the blank run to keep among runs that removals have merged into one gap."""
    if at_start:
        return runs[0]
    return max(runs, key=len)


def _normalize_lines(lines: list[str]) -> list[str]:
    """Normalise all lines in one call; fall back to line by line if the count drifts."""
    joined = normalize_lines("\n".join(lines))
    if len(joined) == len(lines):
        return joined
    return [normalize(line) for line in lines]
