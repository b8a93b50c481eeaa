"""Turn newspaper4k's test pages into a corpus the quality benchmarks read: a second set of sites.

The Readability pages are the corpus the rules were measured on while they were written; a
cleaner fitted to them would look better there than on the web. newspaper4k's source
distribution carries other news pages (CNN, Time, Wired, Yonhap, Nikkei, AFPBB, LSM, BBC Burmese
and Chinese, ...) each with the article text newspaper extracted from it, one paragraph per line.
This script writes them as page folders (``source.html``, and ``expected.html`` with one ``p`` per
paragraph of that text), so that `quality_text.py` and `quality_html.py` score the pack on pages
it was not written from. Nothing of the pages is committed: the script reads an unpacked sdist.

    pip download --no-deps --no-binary :all: newspaper4k==0.9.6 && tar xzf newspaper4k-0.9.6.tar.gz
    python benchmarks/newspaper_corpus.py newspaper4k-0.9.6 /tmp/newspaper-pages
    python benchmarks/quality_text.py /tmp/newspaper-pages
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path


def write_corpus(sdist: Path, out: Path) -> int:
    """Write a page folder for every test page that has its expected text; return how many."""
    data = sdist / "tests" / "data"
    pages = sorted((data / "html").glob("*.html"))
    if not pages:
        sys.exit(f"{data / 'html'}: no test pages (give the unpacked newspaper4k source folder)")
    written = 0
    for page in pages:
        expected = data / "txt" / f"{page.stem}.txt"
        if not expected.is_file():
            continue
        paragraphs = [line for line in expected.read_text(encoding="utf-8").splitlines() if line.strip()]
        folder = out / page.stem
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "source.html").write_bytes(page.read_bytes())
        body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
        (folder / "expected.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
        written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sdist", type=Path, help="the unpacked newspaper4k source distribution")
    parser.add_argument("out", type=Path, help="folder to write the page folders to")
    args = parser.parse_args()
    print(f"{write_corpus(args.sdist, args.out)} pages written to {args.out}")


if __name__ == "__main__":
    main()
