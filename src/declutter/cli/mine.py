"""``declutter mine``: draft site rules from lines that recur across a site's documents."""

from __future__ import annotations

from pathlib import Path

import click

from declutter.cli.app import errors, main
from declutter.mining import SiteDraft, draft_text, mine, read_sources
from declutter.mining_html import PageDraft
from declutter.output import OutputError, write_atomic


@main.command("mine")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True),
                metavar="INPUT...")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The draft rule file to write (a [[rule]] pack, one rule per site).")
@click.option("--fixtures", "fixtures_path", type=click.Path(path_type=Path, file_okay=False),
              default=Path("fixtures"), show_default=True,
              help="Where to write each draft rule's fixture folder.")
@click.option("--min-share", type=click.FloatRange(0, 1, min_open=True), default=0.3, show_default=True,
              help="A line must occur in at least this share of a site's mined documents.")
@click.option("--min-docs", type=click.IntRange(1), default=5, show_default=True,
              help="... and in at least this many of them.")
@click.option("--holdout", type=click.FloatRange(0, 1, max_open=True), default=0.2, show_default=True,
              help="Share of each site's documents kept back to test the draft on.")
@click.option("--force", is_flag=True, help="Overwrite an existing draft file and fixture folders.")
@click.pass_context
def mine_command(
    ctx: click.Context,
    inputs: tuple[Path, ...],
    output: Path,
    fixtures_path: Path,
    min_share: float,
    min_docs: int,
    holdout: float,
    force: bool,
) -> None:
    """Find lines (text) or elements (HTML) that recur on many of a site's documents and
    write them as a draft rule.

    INPUT: text or HTML files (one document each; the site is the parent folder's name, e.g.
    pages/example.com/a.html) or JSONL files with "url" and "text" or "html" fields (the site
    is the URL's host), or folders of them. A site's text documents and HTML pages are mined
    apart: recurring lines become a phrase rule, recurring elements (tag and class path with
    the same text) a selector rule. Nothing is applied: review the draft and its fixtures,
    then use it with --rules.
    """
    with errors(ctx):
        sources = read_sources(inputs)
        drafts = mine(sources, min_share=min_share, min_docs=min_docs, holdout=holdout)
        for draft in drafts:
            click.echo(_summary(draft))
        ready = [d for d in drafts if d.rule is not None]
        if not ready:
            click.echo("no site had recurring template lines; nothing written")
            return
        folders = [fixtures_path / d.rule.id for d in ready if d.rule is not None]
        if not force:
            for path in [output, *folders]:
                if path.exists():
                    raise OutputError(f"{path} exists; not overwriting it (use --force)")
        try:
            write_atomic(output, draft_text(ready).encode("utf-8"))
            for draft, folder in zip(ready, folders):
                for fixture in draft.fixtures:
                    write_atomic(folder / fixture.input_name, fixture.text.encode("utf-8"))
                    write_atomic(folder / f"{fixture.name}.url", (fixture.url + "\n").encode("utf-8"))
                    if fixture.expected is not None and fixture.expected != fixture.text:
                        write_atomic(folder / f"{fixture.name}.out.txt", fixture.expected.encode("utf-8"))
        except OSError as exc:
            raise OutputError(f"cannot write the draft: {exc.strerror or exc}") from None
        click.echo(f"wrote {output} ({len(ready)} draft rule(s)) and fixtures under {fixtures_path}")
        options = f"--rules {output} --fixtures {fixtures_path}"
        click.echo(
            f"next: review them, then `declutter rules test {options}` and `declutter rules lint {options}`"
        )


def _summary(draft: SiteDraft | PageDraft) -> str:
    if isinstance(draft, PageDraft):
        return _page_summary(draft)
    held = draft.documents - draft.mined
    lines = [f"{draft.site}: {draft.documents} documents, {draft.mined} mined, {held} held out"]
    if draft.threshold > draft.mined:
        lines.append(f"  too few documents to mine: a line must recur in {draft.threshold}")
        return "\n".join(lines)
    skipped = f"; skipped {len(draft.skipped_prose)} that read as prose" if draft.skipped_prose else ""
    if draft.skipped_builtin:
        skipped += f"; skipped {len(draft.skipped_builtin)} the built-in rules remove"
    lines.append(f"  {len(draft.evidence)} template line(s) in >= {draft.threshold} documents{skipped}")
    if draft.holdout is not None:
        report = draft.holdout
        if report.documents:
            share = report.removed / report.lines if report.lines else 0.0
            lines.append(
                f"  held out: the draft removes {report.removed} of {report.lines} lines ({share:.1%}) "
                f"in {report.documents} documents; {len(report.prose_touched)} prose-looking line(s) touched"
            )
            lines += [f"    touched: {sample}" for sample in report.prose_touched[:3]]
        else:
            lines.append("  held out: no documents (--holdout 0): the draft is untested on unseen pages")
    return "\n".join(lines)


def _page_summary(draft: PageDraft) -> str:
    held = draft.documents - draft.mined
    lines = [f"{draft.site}: {draft.documents} HTML pages, {draft.mined} mined, {held} held out"]
    if draft.threshold > draft.mined:
        lines.append(f"  too few pages to mine: an element must recur on {draft.threshold}")
        return "\n".join(lines)
    skipped = [
        f"{len(found)} {why}"
        for found, why in ((draft.skipped_prose, "that read as prose"), (draft.skipped_article, "that hold the article"),
                           (draft.skipped_builtin, "the built-in rules remove"))
        if found
    ]
    lines.append(
        f"  {len(draft.evidence)} template element(s) on >= {draft.threshold} pages"
        + (f"; skipped {', '.join(skipped)}" if skipped else "")
    )
    lines += [f"    {e.signature} ({e.documents} pages): {_short(e.text)}" for e in draft.evidence]
    report = draft.holdout
    if report is None:
        return "\n".join(lines)
    if not report.documents:
        lines.append("  held out: no pages (--holdout 0): the draft is untested on unseen pages")
        return "\n".join(lines)
    share = report.removed_words / report.words if report.words else 0.0
    lines.append(
        f"  held out: the draft removes {report.elements} element(s), {report.removed_words} of "
        f"{report.words} words of page text ({share:.1%}) in {report.documents} pages"
    )
    lines.append(
        f"  extracted articles: {report.article_words} words with the built-in rules; the draft takes "
        f"{report.noise_words} words of template text and {report.lost_words} article words lost"
        + (f"; the guard tripped on {report.guarded} page(s)" if report.guarded else "")
    )
    lines += [f"    lost: {sample}" for sample in report.touched[:3]]
    return "\n".join(lines)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
