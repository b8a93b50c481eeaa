"""A datatrove pipeline step: ``JsonlReader(...) -> DeclutterStep() -> JsonlWriter(...)``.

Install with ``pip install 'declutter[datatrove]'``. The step runs under datatrove's Local,
Slurm and Ray executors alike: it is pickled with the pipeline, and its `Cleaner` compiles its
rules once per task. It cleans ``doc.text`` (text, HTML, or sniffed per document), takes the
URL from ``doc.metadata["url"]`` for site-scoped rules, and counts removals per rule in the
step's stats (``removed/<rule-id>``), with ``guarded`` and ``errors``. A document that fails
is passed on unchanged, with the error in ``doc.metadata["declutter"]``; with `provenance`
every document gets that object (see `declutter.provenance`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from declutter.batch import CleanTask, Doc, FailedResult, InputFormat
from declutter.cleaner import Cleaner
from declutter.provenance import Stamp, provenance
from declutter.workers import run_one


class DeclutterStep(PipelineStep):
    """Clean each document's text with `cleaner` (default: the built-in pack).

    `options` go to `Cleaner.clean_html` for HTML documents (``format``, ``extract``...).
    """

    name = "🧹 declutter"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        cleaner: Cleaner | None = None,
        *,
        input_format: InputFormat = "auto",
        url_key: str = "url",
        provenance: bool = False,
        **options: Any,
    ) -> None:
        super().__init__()
        self.cleaner = cleaner if cleaner is not None else Cleaner()
        self.task = CleanTask(input_format, tuple(sorted(options.items())))
        self.url_key = url_key
        self.stamp = Stamp.of(self.cleaner) if provenance else None

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for document in data:
            self.stat_update("documents")
            url = document.metadata.get(self.url_key)
            with self.track_time():
                result = run_one(self.task, self.cleaner, Doc(document.text, url=url if isinstance(url, str) else None))
            if isinstance(result, FailedResult):
                self.stat_update("errors")
                document.metadata["declutter"] = {"error": result.error}
                yield document
                continue
            for rule, count in Counter(removal.rule for removal in result.removed).items():
                self.stat_update(f"removed/{rule}", value=count)
            if result.guarded:
                self.stat_update("guarded")
            document.text = result.text
            if self.stamp is not None:
                document.metadata["declutter"] = provenance(result, self.stamp)
            yield document
