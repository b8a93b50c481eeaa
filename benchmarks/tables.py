"""Plain-text tables for the terminal and Markdown tables for the README, from the same rows."""

from __future__ import annotations

PLACEHOLDERS = {"-", "n/a"}


def render(headers: list[str], rows: list[list[str]], markdown: bool) -> str:
    """Names left-aligned, numbers right-aligned, so that columns of figures compare at a glance."""
    columns = list(zip(headers, *rows, strict=True))
    numeric = [bool(rows) and all(is_number(cell) for cell in column[1:]) for column in columns]
    if markdown:
        rule = ["---:" if num else "---" for num in numeric]
        return "\n".join("| " + " | ".join(row) + " |" for row in [headers, rule, *rows])
    widths = [max(map(len, column)) for column in columns]
    return "\n".join(
        "  ".join(
            cell.rjust(w) if num else cell.ljust(w)
            for cell, w, num in zip(row, widths, numeric, strict=True)
        ).rstrip()
        for row in [headers, *rows]
    )


def is_number(cell: str) -> bool:
    return cell in PLACEHOLDERS or cell.replace(".", "", 1).isdigit()
