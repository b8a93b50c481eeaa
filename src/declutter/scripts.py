"""Which writing system a piece of text is in, for spotting injected foreign-script lines."""

from __future__ import annotations

import re

# (first code point, last code point, script); Han and Kana share "cjk" because Japanese
# text mixes them, and a Chinese spam line in a Japanese article is not told apart by script.
_RANGES = (
    (0x0041, 0x024F, "latin"),
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x0DFF, "indic"),
    (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "hangul"),
    (0x1E00, 0x1EFF, "latin"),
    (0x3040, 0x30FF, "cjk"),
    (0x3130, 0x318F, "hangul"),
    (0x3400, 0x4DBF, "cjk"),
    (0x4E00, 0x9FFF, "cjk"),
    (0xAC00, 0xD7AF, "hangul"),
    (0xF900, 0xFAFF, "cjk"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
)
_LETTER = re.compile(r"[^\W\d_]")
_SCRIPT_LETTERS = {
    name: re.compile(
        "[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b, n in _RANGES if n == name) + "]"
    )
    for name in {name for _, _, name in _RANGES}
}


def dominant_script(text: str) -> str | None:
    """The script most letters of `text` are in (meant for short texts such as one line)."""
    if text.isascii():
        return "latin" if _LETTER.search(text) else None
    counts = {name: len(letters.findall(text)) for name, letters in _SCRIPT_LETTERS.items()}
    script, count = max(counts.items(), key=lambda item: item[1])
    return script if count else None


def share_of_script(text: str, script: str) -> tuple[float, int]:
    """The share of `text`'s letters written in `script`, and how many letters there are."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0.0, 0
    return len(_SCRIPT_LETTERS[script].findall(text)) / letters, letters
