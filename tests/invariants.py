"""What must hold of any text-mode result, whatever the input: shared by the robustness tests.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` (as in `declutter.document`); a kept line comes out
byte-identical, with its own ending, in input order. The one exception is the last output
line when the input's last line had no ending: it stays without one.
"""

from __future__ import annotations

import re

from declutter import Result

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def chunks(text: str) -> list[str]:
    """The lines of `text`, each with its ending."""
    return _LINE.findall(text)


def assert_kept_lines_are_a_subsequence(source: str, output: str) -> None:
    wanted, got = chunks(source), chunks(output)
    position = 0
    for number, chunk in enumerate(got, 1):
        unended = number == len(got) and not chunk.endswith(("\n", "\r"))
        while position < len(wanted) and not (
            chunk == wanted[position]
            or (unended and chunk == wanted[position].rstrip("\r\n"))
        ):
            position += 1
        assert position < len(wanted), (
            f"output line {number} {chunk!r} is not the next input line"
        )
        position += 1


def assert_removals_name_input_lines(source: str, result: Result) -> None:
    """Removal line numbers are 1-based input lines, and their text is that line's text."""
    lines = [chunk.rstrip("\r\n") for chunk in chunks(source)]
    numbers = [removal.line for removal in result.removed]
    assert numbers == sorted(set(numbers)), "removals out of order or repeated"
    for removal in (*result.removed, *result.held_back):
        assert 1 <= removal.line <= len(lines), removal
        assert removal.text == lines[removal.line - 1], removal
        assert removal.text.strip(), f"a blank line reported as removed: {removal}"


def assert_sound(source: str, result: Result) -> None:
    """The invariants of every text-mode result."""
    assert isinstance(result.text, str)
    if result.guarded:
        assert result.text == source and not result.removed
    assert_kept_lines_are_a_subsequence(source, result.text)
    assert_removals_name_input_lines(source, result)
    if not result.removed:
        assert result.text == source, "text changed without a removal"
