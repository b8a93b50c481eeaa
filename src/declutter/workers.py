"""Running a task over a stream of items on worker processes: in order, with flat memory, and
never losing an item.

Why a small pool of our own and not `concurrent.futures`: a document that makes a worker hang
(a pathological page in lxml, a regex in a user rule that Python's `re` runs) must cost one
document, not the run. `ProcessPoolExecutor` cannot stop one running task; killing its process
breaks the whole pool. Here each worker has its own pipe, so a worker that overruns the time
budget is killed and replaced, its document comes back as a failure, and the rest of its chunk
goes to the replacement.

The model:

- each worker unpickles the `Cleaner` once when it starts (rules compile there, once);
- items go out in chunks (a few hundred documents or a MB, whichever comes first), one chunk
  per idle worker; results come back in small batches, at least every `FLUSH_SECONDS` while a
  worker makes progress (one message per document would cost a fifth of text mode's time);
- the parent reads ahead no more than a bounded number of items and bytes (a sliding window
  over the input), and yields results in input order as soon as the next one is in: memory
  depends on the window, not on the input's size;
- a worker silent for longer than the budget is killed and replaced. It was stuck on one of the
  items it had not yet returned; if that leaves more than one, they are retried one per chunk,
  so the one that overruns again is named exactly. It then fails with a note; a worker that
  dies otherwise (the kernel, a crash) is handled the same way. Nothing stalls or is dropped.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Generic, Protocol, TypeVar

from declutter.cleaner import Cleaner
from declutter.errors import DeclutterError

Item = TypeVar("Item")
Out = TypeVar("Out")
ItemT_contra = TypeVar("ItemT_contra", contravariant=True)
OutT_co = TypeVar("OutT_co", covariant=True)

#: A chunk closes at this many items or bytes, whichever comes first.
CHUNK_ITEMS = 200
CHUNK_BYTES = 1 << 20
#: Read-ahead: chunks per worker, and bytes in all, not yet returned to the caller.
WINDOW_CHUNKS_PER_WORKER = 3
WINDOW_BYTES = 32 << 20
#: A busy worker reports at least this often (seconds), so silence means it is stuck.
FLUSH_SECONDS = 0.05


class Task(Protocol[ItemT_contra, OutT_co]):
    """What the workers run on each item. Picklable: it is shipped to every worker once."""

    def run(self, cleaner: Cleaner, item: ItemT_contra) -> OutT_co:
        """The outcome for `item`; may raise, `run_one` turns that into `failed`."""

    def failed(self, item: ItemT_contra, error: str) -> OutT_co:
        """The outcome for an item that could not be cleaned: passed through, with the error."""

    def size(self, item: ItemT_contra) -> int:
        """Roughly how many bytes `item` holds, to bound memory."""


def run_one(task: Task[Item, Out], cleaner: Cleaner, item: Item) -> Out:
    """`task.run`, with any error turned into `task.failed`.

    This is the one place that catches every exception, on purpose: it is the boundary between
    documents. A bug that one strange document triggers (in declutter, lxml or trafilatura)
    must cost that document, reported with its error, and never the rest of a million-document
    run, in which records in must equal records out.
    """
    try:
        return task.run(cleaner, item)
    except DeclutterError as exc:
        return task.failed(item, str(exc))
    except Exception as exc:  # noqa: BLE001  (the per-document boundary, see the docstring)
        return task.failed(item, f"internal error: {type(exc).__name__}: {exc}")


def ordered_map(
    task: Task[Item, Out],
    cleaner: Cleaner,
    items: Iterable[Item],
    *,
    jobs: int = 1,
    timeout: float | None = None,
) -> Iterator[Out]:
    """`task.run(cleaner, item)` for every item, yielded in input order.

    `jobs` is the number of worker processes; with 1 and no `timeout` everything runs in this
    process. `timeout` is the budget in seconds for one item: a worker that overruns it is
    killed and replaced, and the item comes back as `task.failed` (it needs a worker process,
    so a timeout with ``jobs=1`` uses one).
    """
    if jobs < 1:
        raise DeclutterError(f"jobs must be at least 1, not {jobs}")
    if timeout is not None and timeout <= 0:
        raise DeclutterError(f"the time budget must be positive, not {timeout}")
    if jobs == 1 and timeout is None:
        return (run_one(task, cleaner, item) for item in items)
    return _Pool(task, cleaner, jobs, timeout).map(items)


@dataclass
class _Chunk(Generic[Item]):
    first: int  # the index of its first item in the whole input
    items: list[Item]


@dataclass
class _Worker(Generic[Item]):
    process: BaseProcess
    conn: Connection
    ready: bool = False
    chunk: _Chunk[Item] | None = None
    done: int = 0  # items of `chunk` returned so far
    since: float = field(default_factory=time.monotonic)  # last sign of life


class _Pool(Generic[Item, Out]):
    def __init__(self, task: Task[Item, Out], cleaner: Cleaner, jobs: int, timeout: float | None) -> None:
        self._task = task
        self._blob = pickle.dumps((cleaner, task))
        self._jobs = jobs
        self._timeout = timeout
        self._context = multiprocessing.get_context()

    def map(self, items: Iterable[Item]) -> Iterator[Out]:
        source = iter(items)
        queue: deque[_Chunk[Item]] = deque()
        results: dict[int, Out] = {}
        sizes: dict[int, int] = {}  # read but not yet yielded: index -> bytes
        window_items = self._jobs * WINDOW_CHUNKS_PER_WORKER * CHUNK_ITEMS
        read = returned = 0
        held = 0  # bytes of `sizes`
        exhausted = False
        # Forked workers share the parent's pages until a write copies one, and the collector
        # writes to every object it visits: frozen, the parent's objects (modules, the compiled
        # rules) stay shared instead of being copied into each worker (12 MB less at -j 2 on
        # the 1 GB stream). Thawed when the run ends, so nothing stays uncollectable after it.
        gc.collect()
        gc.freeze()
        workers = [self._start() for _ in range(self._jobs)]
        try:
            while True:
                while not exhausted and read - returned < window_items and (held < WINDOW_BYTES or read == returned):
                    chunk, chunk_sizes = self._read_chunk(source, read)
                    if not chunk.items:
                        exhausted = True
                        break
                    queue.append(chunk)
                    for offset, size in enumerate(chunk_sizes):
                        sizes[read + offset] = size
                    read += len(chunk.items)
                    held += sum(chunk_sizes)
                for index, worker in enumerate(workers):
                    if worker.ready and worker.chunk is None and queue:
                        chunk = queue.popleft()
                        if not self._send(worker, chunk):
                            queue.appendleft(chunk)  # it died while idle: no item was on it
                            self._stop(worker)
                            workers[index] = self._start()
                while returned in results:
                    out = results.pop(returned)
                    held -= sizes.pop(returned)
                    returned += 1
                    yield out
                if exhausted and returned == read:
                    return
                workers = self._step(workers, results, queue)
        finally:
            for worker in workers:
                self._stop(worker)
            gc.unfreeze()

    def _read_chunk(self, source: Iterator[Item], first: int) -> tuple[_Chunk[Item], list[int]]:
        items: list[Item] = []
        sizes: list[int] = []
        total = 0
        for item in source:
            items.append(item)
            sizes.append(self._task.size(item))
            total += sizes[-1]
            if len(items) >= CHUNK_ITEMS or total >= CHUNK_BYTES:
                break
        return _Chunk(first, items), sizes

    def _step(
        self, workers: list[_Worker[Item]], results: dict[int, Out], queue: deque[_Chunk[Item]]
    ) -> list[_Worker[Item]]:
        """Wait for the next result, death or overrun; return the workers, replaced where needed."""
        waited = [w for w in workers if not w.ready or w.chunk is not None]
        deadline = None
        if self._timeout is not None:
            busy = [w.since + self._timeout for w in waited if w.chunk is not None]
            deadline = min(busy, default=None)
        wait_for = None if deadline is None else max(0.0, deadline - time.monotonic())
        signalled = set(wait([w.conn for w in waited], timeout=wait_for))
        now = time.monotonic()
        replaced = []
        for worker in workers:
            if worker.conn in signalled:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    replaced.append(self._replace(worker, results, queue, "its worker process died"))
                    continue
                worker.since = now
                if not worker.ready:
                    worker.ready = True
                else:
                    self._receive(worker, message, results)
            elif (
                self._timeout is not None
                and worker.chunk is not None
                and now - worker.since >= self._timeout
            ):
                note = f"took longer than the {self._timeout:g} s budget; its worker was stopped"
                replaced.append(self._replace(worker, results, queue, note))
                continue
            replaced.append(worker)
        return replaced

    def _receive(self, worker: _Worker[Item], outs: list[Out], results: dict[int, Out]) -> None:
        assert worker.chunk is not None
        for out in outs:
            results[worker.chunk.first + worker.done] = out
            worker.done += 1
        if worker.done == len(worker.chunk.items):
            worker.chunk, worker.done = None, 0

    def _replace(
        self, worker: _Worker[Item], results: dict[int, Out], queue: deque[_Chunk[Item]], note: str
    ) -> _Worker[Item]:
        """Stop `worker`; fail the item it was stuck on, or retry its suspects one by one."""
        self._stop(worker)
        chunk = worker.chunk
        if chunk is not None:
            first = chunk.first + worker.done
            suspects = chunk.items[worker.done :]
            if len(suspects) == 1:
                results[first] = self._task.failed(suspects[0], note)
            else:
                queue.extendleft(_Chunk(first + i, [item]) for i, item in reversed(list(enumerate(suspects))))
        elif not worker.ready:
            raise DeclutterError(f"a worker process could not start ({note})")
        return self._start()

    @staticmethod
    def _send(worker: _Worker[Item], chunk: _Chunk[Item]) -> bool:
        """Give an idle worker a chunk; False if the worker is gone."""
        try:
            worker.conn.send(chunk.items)
        except (BrokenPipeError, ConnectionResetError):
            return False
        worker.chunk, worker.done, worker.since = chunk, 0, time.monotonic()
        return True

    def _start(self) -> _Worker[Item]:
        ours, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_serve, args=(theirs, self._blob), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    @staticmethod
    def _stop(worker: _Worker[Item]) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()


def _serve(conn: Connection, blob: bytes) -> None:
    """A worker: build the cleaner once, then clean chunk after chunk until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    cleaner, task = pickle.loads(blob)
    cleaner.build_automata()
    conn.send(None)  # ready: the time budget starts counting now
    while True:
        try:
            chunk = conn.recv()
        except EOFError:
            return
        done = []
        last = time.monotonic()
        for item in chunk:
            done.append(run_one(task, cleaner, item))
            if time.monotonic() - last >= FLUSH_SECONDS:
                conn.send(done)
                done, last = [], time.monotonic()
        if done:
            conn.send(done)
