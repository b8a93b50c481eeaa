"""Rewrite a rule's regex so that it can never match across a line break.

The matcher runs each regex once over the whole normalised document (lines joined by
``\\n``) instead of once per line. In a normalised line the only whitespace is a plain space,
so ``\\s`` becomes a space, and the constructs that could otherwise swallow a newline (negated
classes, ``\\W``, ``\\D``) exclude it explicitly. The rewritten regex matches a line exactly
when the original matches that line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from declutter.normalize import PICTOGRAPHS, POINTER_ENDS

#: A list item's marker, as trafilatura's text output and declutter's HTML blocks print items
#: ("- Share on Facebook"): a whole-line regex looks through it, as phrase rules look through
#: decoration, because a noise line is noise whether or not the page put it in a list.
_LIST_ITEM_MARKER = r"(?:[-*•·▪►] )?"
#: A label's trailing colon ("More on this:", French "Suivez-nous sur :"): a whole-line regex
#: looks through it too, as phrase rules do, because a heading is the same noise with or
#: without one.
_LABEL_COLON = r"(?: ?:)?"
#: `declutter.normalize.POINTER_ENDS` and `PICTOGRAPHS` as a regex class: the pointers, arrows
#: and separators a template prints beside a link's or a button's words, and pictographs.
_POINTER = "[{}{}-{}]".format(
    "".join(f"\\x{{{ord(char):x}}}" for char in sorted(POINTER_ENDS)),
    *(f"\\x{{{ord(char):x}}}" for char in PICTOGRAPHS),
)
_POINTER_LEAD = rf"(?:{_POINTER}+ ?)?"
_POINTER_END = rf"(?: ?{_POINTER}+)?"


def as_whole_line(pattern: str, *, pointers: bool = True) -> str:
    """`pattern`, confined to a line, with a list item's marker in front and a label's colon at
    the end looked through: what a rule's regex must match, the whole line.

    With `pointers`, pointers at either end are looked through too ("👉 Sign up for our
    newsletter", "Listen every weekday →"), as the line's key drops them for phrases. The
    shared matcher does without: a document's matching text holds such a line twice, with and
    without them (`declutter.document.Document.matched`), which costs its regex sets no states;
    in them the two classes on every regex cost a worker 9 MB.
    """
    body = f"{_LIST_ITEM_MARKER}(?:{confine_to_line(pattern)}){_LABEL_COLON}"
    return f"{_POINTER_LEAD}{body}{_POINTER_END}" if pointers else body


# \A and \z would mean the document's ends, not the line's, when run over the whole document.
_OUTSIDE = {"s": " ", "W": r"[^\w\n]", "D": r"[^\d\n]", "A": "^", "z": "$"}
_INSIDE = {"s": " "}
_UNSUPPORTED_INSIDE = {"W", "D", "P"}


class LineRegexError(ValueError):
    """A construct that cannot be confined to one line."""


def confine_to_line(pattern: str) -> str:
    out: list[str] = []
    for kind, start, end in _tokens(pattern):
        text = pattern[start:end]
        if kind in ("escape", "class-escape"):
            out.append(_escape(text[1], kind == "class-escape") + text[2:])
        elif kind == "open":
            out.append("[^\\n" if text == "[^" else text)
        else:
            if kind == "char" and pattern.startswith("(?", start) and "s" in _flags_at(pattern, start):
                raise LineRegexError("the (?s) flag would let '.' match across lines")
            out.append(text)
    return "".join(out)


def _escape(code: str, in_class: bool) -> str:
    if code == "n":
        raise LineRegexError(r"a line never contains \n")
    if code == "C":
        raise LineRegexError(r"\C (any byte) can split a character; use .")
    if in_class:
        if code in _UNSUPPORTED_INSIDE:
            raise LineRegexError(f"\\{code} inside a character class is not supported")
        return _INSIDE.get(code, "\\" + code)
    if code == "P":
        raise LineRegexError(r"\P{...} is not supported; use a positive class")
    return _OUTSIDE.get(code, "\\" + code)


def _flags_at(pattern: str, start: int) -> str:
    """The flag letters of a ``(?flags)`` or ``(?flags:`` group starting at `start`."""
    end = start + 2
    while end < len(pattern) and pattern[end].isalpha():
        end += 1
    return pattern[start + 2 : end] if end < len(pattern) and pattern[end] in ":)" else ""


def widen_counts(pattern: str) -> str:
    """`pattern` with every counted repetition made open: ``x{1,60}`` becomes ``x+`` and
    ``x{0,4}`` becomes ``x*``.

    The result matches every line the original matches, and more. RE2 compiles a count into
    as many copies of what it repeats; the matcher's shared set only has to tell which
    regexes may match a document (each one found is then run exactly), and without the
    copies its automaton has far fewer states to build and to keep in the CPU's caches.
    """
    out: list[str] = []
    counted_to = 0  # the end of the count just replaced, whose characters are skipped
    for kind, start, end in _tokens(pattern):
        if start < counted_to:
            continue
        count = _COUNT.match(pattern, start) if kind == "char" and pattern[start] == "{" else None
        if count is not None:
            out.append("*" if count.group(1) == "0" else "+")
            counted_to = count.end()
        else:
            out.append(pattern[start:end])
    return "".join(out)


def _tokens(pattern: str) -> Iterator[tuple[str, int, int]]:
    """The pattern's tokens as (kind, start, end): an ``escape`` (or ``class-escape`` inside a
    character class), a class's ``open`` ("[" or "[^") and ``close``, a ``class`` member, or
    any other ``char``. Both rewrites of this module read a pattern through it, so they agree
    on where classes and escapes are."""
    in_class = class_start = False  # class_start: just after "[" or "[^", where "]" is a member
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            end = _escape_end(pattern, i)
            yield ("class-escape" if in_class else "escape"), i, end
            i, class_start = end, False
        elif in_class:
            closing = pattern[i] == "]" and not class_start
            yield ("close" if closing else "class"), i, i + 1
            in_class, class_start = not closing, False
            i += 1
        elif pattern[i] == "[":
            end = i + 2 if pattern.startswith("[^", i) else i + 1
            yield "open", i, end
            in_class = class_start = True
            i = end
        else:
            yield "char", i, i + 1
            i += 1


_COUNT = re.compile(r"\{(\d+)(?:,\d*)?\}")


def _escape_end(pattern: str, start: int) -> int:
    """The end of the escape at `start`: braces of ``\\x{2019}`` or ``\\p{Greek}`` and the text
    of ``\\Q...\\E`` belong to it, and are no count."""
    code = pattern[start + 1]
    if code in "xpP" and pattern.startswith("{", start + 2):
        close = pattern.find("}", start + 2)
        return len(pattern) if close < 0 else close + 1
    if code == "Q":
        close = pattern.find("\\E", start + 2)
        return len(pattern) if close < 0 else close + 2
    return start + 2
