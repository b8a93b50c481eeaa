"""Rewrite a rule's regex so that it can never match across a line break.

The matcher runs each regex once over the whole normalised document (lines joined by
``\\n``) instead of once per line. In a normalised line the only whitespace is a plain space,
so ``\\s`` becomes a space, and the constructs that could otherwise swallow a newline (negated
classes, ``\\W``, ``\\D``) exclude it explicitly. The rewritten regex matches a line exactly
when the original matches that line.
"""

from __future__ import annotations

import re

#: A list item's marker, as trafilatura's text output and declutter's HTML blocks print items
#: ("- Share on Facebook"): a whole-line regex looks through it, as phrase rules look through
#: decoration, because a noise line is noise whether or not the page put it in a list.
LIST_ITEM_MARKER = r"(?:[-*•·▪►] )?"

# \A and \z would mean the document's ends, not the line's, when run over the whole document.
_OUTSIDE = {"s": " ", "W": r"[^\w\n]", "D": r"[^\d\n]", "A": "^", "z": "$"}
_INSIDE = {"s": " "}
_UNSUPPORTED_INSIDE = {"W", "D", "P"}


class LineRegexError(ValueError):
    """A construct that cannot be confined to one line."""


def confine_to_line(pattern: str) -> str:
    out: list[str] = []
    in_class = False
    class_start = False  # just after "[" or "[^", where "]" is a literal
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            code = pattern[i + 1]
            out.append(_escape(code, in_class))
            i += 2
            class_start = False
            continue
        if in_class:
            if char == "]" and not class_start:
                in_class = False
            out.append(char)
            class_start = False
        elif char == "[":
            in_class = class_start = True
            if pattern.startswith("[^", i):
                out.append("[^\\n")
                i += 2
                continue
            out.append(char)
        else:
            if pattern.startswith("(?", i) and "s" in _flags_at(pattern, i):
                raise LineRegexError("the (?s) flag would let '.' match across lines")
            out.append(char)
        i += 1
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
    in_class = False
    class_start = False  # just after "[" or "[^", where "]" is a literal
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            end = _escape_end(pattern, i)
            out.append(pattern[i:end])
            i = end
            class_start = False
            continue
        if in_class:
            if char == "]" and not class_start:
                in_class = False
            class_start = class_start and char == "^"
        elif char == "[":
            in_class = class_start = True
        elif char == "{":
            count = _COUNT.match(pattern, i)
            if count is not None:
                out.append("*" if count.group(1) == "0" else "+")
                i = count.end()
                continue
        out.append(char)
        i += 1
    return "".join(out)


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
