"""Which writing system a piece of text is in, for spotting injected foreign-script lines."""

from __future__ import annotations

from functools import cache

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


@cache
def _letter_codes() -> tuple[str, dict[str, str]]:
    """A translation table from every BMP code point to a one-character script code.

    Letters in `_RANGES` map to their script's code, other letters to the "other" code, and
    everything else to NUL; counting codes in ``text.translate(table)`` then counts letters
    per script in C, one pass however many scripts there are. Characters beyond the BMP are
    left as they are and count as nothing. Built on first use (a few milliseconds).
    """
    names = sorted({name for _, _, name in _RANGES}) + ["other"]
    codes = {name: chr(position + 1) for position, name in enumerate(names)}
    script_of = [codes["other"]] * 0x10000
    for first, last, name in _RANGES:
        script_of[first : last + 1] = [codes[name]] * (last + 1 - first)
    table = [
        script if char.isalpha() else "\0"
        for char, script in zip(map(chr, range(0x10000)), script_of)
    ]
    return "".join(table), codes


def dominant_script(text: str) -> str | None:
    """The script most letters of `text` are in (meant for short texts such as one line)."""
    if text.isascii():
        return "latin" if any(char.isalpha() for char in text) else None
    table, codes = _letter_codes()
    coded = text.translate(table)
    script, count = max(
        ((name, coded.count(code)) for name, code in codes.items() if name != "other"),
        key=lambda item: item[1],
    )
    return script if count else None


def share_of_script(text: str, script: str) -> tuple[float, int]:
    """The share of `text`'s letters written in `script`, and how many letters there are."""
    table, codes = _letter_codes()
    coded = text.translate(table)
    letters = sum(coded.count(code) for code in codes.values())
    if not letters:
        return 0.0, 0
    return coded.count(codes[script]) / letters, letters
