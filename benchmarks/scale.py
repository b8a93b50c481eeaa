"""Batch throughput and memory of the ``declutter clean`` command line, with trafilatura's CLI.

    python benchmarks/scale.py [CORPUS] [--repeat N] [--gb SIZE] [--markdown]

Everything runs through the installed command, as a user would run it:

1. text mode: the naive scrapes of the corpus pages as a JSONL file (repeated to about 30 MB),
   ``declutter clean --jsonl`` at ``-j 1`` and ``-j 2``;
2. HTML mode: the pages' ``source.html`` as a JSONL file (repeated `--repeat` times), same;
3. folders: the same pages as files, ``declutter clean DIR -o OUT -j 2`` against
   ``trafilatura --input-dir DIR -o OUT --parallel 2`` (extraction only, no rules);
4. memory: a generated JSONL stream of `--gb` GB (default 1) piped through
   ``declutter clean --jsonl - -o /dev/null -j 2``, sampling the summed RSS of the command and
   its workers (psutil; PSS, so pages that forked workers share count once) every 0.1 s.
   Target: under 300 MB, whatever the stream's size.

Throughput counts input bytes (the JSONL line, or the page) and wall time including worker
start-up. CPU s is user + system time of the command and all its workers: when wall time
at -j 2 is not half of -j 1 while CPU s stays level, the cores were busy with something else.
Run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from corpus import add_corpus_argument, document, load_corpus, naive_scrape
from tables import render

DECLUTTER = [sys.executable, "-m", "declutter"]


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system, with every descendant) and peak memory of `command`.

    Memory is the summed PSS of the command and its workers: forked workers share their
    parent's pages, which RSS would count once per process.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = _watch(process)
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err.decode()}")
    return seconds, cpu, peak


def _watch(process: subprocess.Popen[bytes]) -> int:
    peak = 0
    watched = psutil.Process(process.pid)
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_full_info().pss for p in tree if p.is_running()))
        except psutil.Error:
            pass  # a process ended between listing and reading it
        time.sleep(0.1)
    return peak


def jsonl_file(path: Path, texts: list[str], minimum_bytes: int) -> tuple[int, int]:
    """Write `texts` as JSONL records until `minimum_bytes`; return (records, bytes)."""
    records = size = 0
    with path.open("wb") as out:
        while size < minimum_bytes or records < len(texts):
            for i, text in enumerate(texts):
                line = json.dumps({"id": records, "url": f"https://example.com/{i}", "text": text}).encode() + b"\n"
                out.write(line)
                records += 1
                size += len(line)
    return records, size


def generate_stream(path: Path, gigabytes: float, texts: list[str]) -> int:
    """A named pipe fed with `gigabytes` of JSONL by a thread; returns the bytes it will send."""
    total = int(gigabytes * 1e9)
    os.mkfifo(path)
    lines = [json.dumps({"id": i, "text": text}).encode() + b"\n" for i, text in enumerate(texts)]

    def feed() -> None:
        sent = 0
        with path.open("wb") as out:
            while sent < total:
                for line in lines:
                    out.write(line)
                    sent += len(line)

    threading.Thread(target=feed, daemon=True).start()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_corpus_argument(parser)
    parser.add_argument("--repeat", type=int, default=3, help="copies of the HTML pages in mode 2")
    parser.add_argument("--gb", type=float, default=1.0, help="size of the memory test stream")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    pages = load_corpus(args.corpus)
    scrapes = [document(naive_scrape(p.source)) for p in pages]
    htmls = [p.source.decode("utf-8", errors="replace") for p in pages]
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        text_records, text_bytes = jsonl_file(work / "text.jsonl", scrapes, 30_000_000)
        html_records, html_bytes = jsonl_file(work / "html.jsonl", htmls * args.repeat, 0)
        for label, path, records, size, mode in (
            ("text", work / "text.jsonl", text_records, text_bytes, "text"),
            ("HTML", work / "html.jsonl", html_records, html_bytes, "html"),
        ):
            for jobs in ("1", "2"):
                command = [*DECLUTTER, "clean", "--jsonl", str(path), "-o", os.devnull, "-q", "-j", jobs,
                           "--input-format", mode]
                seconds, cpu, peak = timed(command)
                rows.append([f"declutter {label}, JSONL", jobs, f"{records:,}", f"{records / seconds:,.0f}",
                             f"{size / seconds / 1e6:.1f}", f"{seconds:.1f}", f"{cpu:.1f}", f"{peak / 1e6:.0f}"])
        folder = work / "pages"
        folder.mkdir()
        for copy in range(args.repeat):
            for page in pages:
                (folder / f"{page.name}-{copy}.html").write_bytes(page.source)
        size = sum(p.stat().st_size for p in folder.iterdir())
        count = len(pages) * args.repeat
        for label, command in (
            ("declutter HTML, folder", [*DECLUTTER, "clean", str(folder), "-o", str(work / "d-out"), "-q", "-j", "2"]),
            ("trafilatura CLI, folder", [str(Path(sys.executable).parent / "trafilatura"), "--input-dir", str(folder),
                                         "-o", str(work / "t-out"), "--parallel", "2"]),
        ):
            seconds, cpu, peak = timed(command)
            rows.append([label, "2", f"{count:,}", f"{count / seconds:,.0f}", f"{size / seconds / 1e6:.1f}",
                         f"{seconds:.1f}", f"{cpu:.1f}", f"{peak / 1e6:.0f}"])
        fifo = work / "stream.jsonl"
        total = generate_stream(fifo, args.gb, scrapes)
        command = [*DECLUTTER, "clean", "--jsonl", str(fifo), "-o", os.devnull, "-q", "-j", "2"]
        seconds, cpu, peak = timed(command)
        rows.append([f"declutter text, {args.gb:g} GB stream", "2", "-", "-", f"{total / seconds / 1e6:.1f}",
                     f"{seconds:.1f}", f"{cpu:.1f}", f"{peak / 1e6:.0f}"])
    headers = ["run", "-j", "documents", "docs/s", "MB/s", "wall s", "CPU s", "peak PSS MB"]
    print(render(headers, rows, args.markdown))


if __name__ == "__main__":
    main()
