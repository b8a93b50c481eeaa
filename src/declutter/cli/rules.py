"""``declutter rules``: list, show, test, scaffold, lint and document rules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from declutter.adblock import DEFAULT_MAX_WORDS, import_list
from declutter.cleaner import Cleaner, gather_rules
from declutter.cli.app import errors, main
from declutter.cli.cleaning import read_text
from declutter.errors import DeclutterError
from declutter.fixtures import WHOLE, Case, discover, fixtures_dir, run_cases
from declutter.lint import lint, load_files
from declutter.loading import builtin_rules_dir, load_builtin, load_path
from declutter.output import OutputError, write_atomic
from declutter.rule import Rule
from declutter.ruledoc import render_index, render_rule
from declutter.scaffold import KINDS_WITH_TEMPLATES, scaffold, write_scaffold

#: The clean-prose corpus, relative to a fixtures folder.
PROSE = Path("_prose") / "clean-prose.txt"


@main.group()
def rules() -> None:
    """List, show, test, scaffold, lint and document rules."""


@rules.command("list")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path),
              help="Extra rule file or folder (repeatable).")
@click.option("--no-builtin", is_flag=True, help="Only --rules, not the built-in pack.")
@click.pass_context
def rules_list(ctx: click.Context, rule_paths: tuple[Path, ...], no_builtin: bool) -> None:
    """One line per rule: id, kind, on/off by default, tags, summary."""
    with errors(ctx):
        available = gather_rules(rule_paths, builtin=not no_builtin)
        width = max((len(r.id) for r in available), default=0)
        for rule in sorted(available, key=lambda r: r.id):
            state = "on " if rule.default else "off"
            tags = ",".join(rule.tags) or "-"
            click.echo(f"{rule.id:<{width}}  {rule.kind:<9} {state}  {tags:<24} {rule.summary}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path))
@click.option("--fixtures", "fixtures_path", type=click.Path(path_type=Path, file_okay=False),
              help="Fixtures folder of --rules (the built-in rules' come with them).")
@click.pass_context
def rules_show(
    ctx: click.Context, rule_id: str, rule_paths: tuple[Path, ...], fixtures_path: Path | None
) -> None:
    """A rule's documentation, with examples from its fixtures (the page `rules docs` writes)."""
    with errors(ctx):
        rule = _find_rule(gather_rules(rule_paths, builtin=True), rule_id)
        click.echo(render_rule(rule, _fixtures_of(rule, fixtures_path)), nl=False)


@rules.command("test")
@click.argument("rule_ids", nargs=-1, metavar="[ID]...")
@click.option("--update", is_flag=True, help="Rewrite expected outputs from current behaviour.")
@click.option("--fixtures", "fixtures_path", type=click.Path(path_type=Path, file_okay=False),
              help="Fixtures folder (default: the built-in fixtures).")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path))
@click.pass_context
def rules_test(
    ctx: click.Context,
    rule_ids: tuple[str, ...],
    update: bool,
    fixtures_path: Path | None,
    rule_paths: tuple[Path, ...],
) -> None:
    """Run each rule's fixtures against that rule alone; a pass/fail line per rule."""
    with errors(ctx):
        available = {r.id: r for r in gather_rules(rule_paths, builtin=True)}
        for rule_id in rule_ids:
            _find_rule(list(available.values()), rule_id)
        folder = fixtures_path or fixtures_dir()
        cases = [c for c in discover(folder) if not rule_ids or c.rule in rule_ids]
        orphans = sorted({c.rule for c in cases if c.rule not in WHOLE and c.rule not in available})
        cases = [c for c in cases if c.rule not in orphans]
        # Whole documents run with everything the user's rule paths add to the pack.
        outcomes = run_cases(cases, available, Cleaner(rule_paths))
        failed_rules = len(orphans)
        for rule_id in orphans:
            click.echo(f"FAIL  {rule_id}: {folder / rule_id} has no rule of that id (pass --rules?)")
        for rule_id in rule_ids:
            if not any(o.case.rule == rule_id for o in outcomes):
                failed_rules += 1
                click.echo(f"FAIL  {rule_id}: no fixtures in {folder / rule_id}")
        for rule_id in sorted({o.case.rule for o in outcomes}):
            mine = [o for o in outcomes if o.case.rule == rule_id]
            failures = [o for o in mine if not o.passed]
            if update:
                for outcome in failures:
                    _update_expected(outcome.case, outcome.actual)
            if failures and not update:
                failed_rules += 1
                click.echo(f"FAIL  {rule_id}: {', '.join(o.case.name for o in failures)}")
            else:
                verb = "UPDATED" if failures else "ok   "
                click.echo(f"{verb} {rule_id} ({len(mine)} cases)")
        if failed_rules:
            ctx.exit(1)


@rules.command("new")
@click.argument("rule_id", metavar="ID")
@click.option("--kind", required=True, type=click.Choice(KINDS_WITH_TEMPLATES), help="The rule's kind.")
@click.option("--dir", "rules_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("rules"), show_default=True, help="Folder for the rule file.")
@click.option("--fixtures", "fixtures_path", type=click.Path(path_type=Path, file_okay=False),
              default=Path("fixtures"), show_default=True, help="Folder for the rule's fixture folder.")
@click.option("--domain", "domains", multiple=True, metavar="DOMAIN",
              help="Scope the rule to a site (repeatable); its fixtures get a URL on that site.")
@click.pass_context
def rules_new(
    ctx: click.Context,
    rule_id: str,
    kind: str,
    rules_dir: Path,
    fixtures_path: Path,
    domains: tuple[str, ...],
) -> None:
    """Scaffold a rule file and its fixtures: they load and pass as written; replace the TODOs."""
    with errors(ctx):
        if any(rule.id == rule_id for rule in gather_rules(None, builtin=True)):
            raise DeclutterError(f"{rule_id!r} is a built-in rule id; choose another")
        made = scaffold(rule_id, kind, rules_dir=rules_dir, fixtures_dir=fixtures_path, domains=domains)
        try:
            write_scaffold(made)
        except OSError as exc:
            raise OutputError(f"cannot write the scaffold: {exc.strerror or exc}") from None
        for path in made.files:
            click.echo(f"wrote {path}")
        options = f"--rules {rules_dir} --fixtures {fixtures_path}"
        click.echo(
            f"next: edit them, then `declutter rules test {rule_id} {options} --update`, "
            f"review the .out.txt files, and `declutter rules lint {options}`"
        )


@rules.command("lint")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path, exists=True),
              help="Rule files or folders to lint (default: the built-in pack).")
@click.option("--fixtures", "fixtures_path", type=click.Path(path_type=Path, file_okay=False),
              help="Fixtures folder of --rules (default: the built-in fixtures).")
@click.option("--prose", "prose_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Clean article prose no rule may touch, one paragraph per line "
                   "(default: the built-in fixtures/_prose/clean-prose.txt).")
@click.pass_context
def rules_lint(
    ctx: click.Context, rule_paths: tuple[Path, ...], fixtures_path: Path | None, prose_path: Path | None
) -> None:
    """Check rules for duplicates, overlaps, missing fixtures, regex mistakes and hits on prose.

    One line per finding (path: rule-id: check: message); exit 1 if there are any. User rules
    are checked against the built-in pack too (a phrase a built-in rule already removes).
    """
    with errors(ctx):
        builtin = load_builtin()
        files = load_files(rule_paths or [builtin_rules_dir()])
        folders = [fixtures_path or fixtures_dir()]
        prose_file = prose_path or fixtures_dir() / PROSE
        prose = read_text(str(prose_file))
        findings = lint(files, context=builtin if rule_paths else (), fixtures=folders, prose=prose)
        for finding in findings:
            click.echo(str(finding))
        count = sum(len(f.rules) for f in files)
        click.echo(f"{len(findings)} finding(s) in {count} rule(s)", err=True)
        if findings:
            ctx.exit(1)


@rules.command("docs")
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(path_type=Path),
              help="Extra rule file or folder to document (repeatable).")
@click.option("--fixtures", "fixtures_path", type=click.Path(path_type=Path, file_okay=False),
              help="Fixtures folder of --rules (the built-in rules' come with them).")
@click.option("--no-builtin", is_flag=True, help="Only --rules, not the built-in pack.")
@click.pass_context
def rules_docs(
    ctx: click.Context, out: Path, rule_paths: tuple[Path, ...], fixtures_path: Path | None, no_builtin: bool
) -> None:
    """Write a Markdown page per rule (the page `rules show` prints) and an index by kind and tag."""
    with errors(ctx):
        available = sorted(gather_rules(rule_paths, builtin=not no_builtin), key=lambda r: r.id)
        pages = {f"{rule.id}.md": render_rule(rule, _fixtures_of(rule, fixtures_path)) for rule in available}
        pages["index.md"] = render_index(available)
        try:
            for name, text in pages.items():
                write_atomic(out / name, text.encode("utf-8"))
        except OSError as exc:
            raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from None
        click.echo(f"wrote {len(pages)} pages to {out}")


@rules.command("import-adblock")
@click.argument("list_path", metavar="LIST", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The rule pack to write (TOML).")
@click.option("--name", help="The list's name, for rule ids and summaries (default: file name).")
@click.option("--max-words", type=click.IntRange(1), default=DEFAULT_MAX_WORDS, show_default=True,
              help="Keep a matched element holding more words than this.")
@click.option("--force", is_flag=True, help="Overwrite an existing pack file.")
@click.pass_context
def rules_import_adblock(
    ctx: click.Context, list_path: Path, output: Path, name: str | None, max_words: int, force: bool
) -> None:
    """Turn an ad-block list's element-hiding filters into selector rules, with a report of
    every line that could not be imported."""
    with errors(ctx):
        if output.exists() and not force:
            raise OutputError(f"{output} exists; not overwriting it (use --force)")
        text = read_text(str(list_path))
        imported = import_list(text.splitlines(), name=name or list_path.stem, max_words=max_words)
        load_path(_checked(imported.toml, output))
        for line in imported.report.lines():
            click.echo(line, err=True)
        click.echo(f"wrote {imported.rule_count} rules to {output}", err=True)


def _checked(toml: str, output: Path) -> Path:
    """Write the pack, then make sure it loads (an importer bug must not hand over a broken file)."""
    write_atomic(output, toml.encode("utf-8"))
    return output


def _fixtures_of(rule: Rule, fixtures_path: Path | None) -> Path:
    """The folder holding `rule`'s fixtures: the user's folder if it has them, else the built-ins."""
    if fixtures_path is not None and (fixtures_path / rule.id).is_dir():
        return fixtures_path
    return fixtures_dir()


def _update_expected(case: Case, actual: str) -> None:
    if actual == case.baseline:
        case.output_path.unlink(missing_ok=True)
    else:
        write_atomic(case.output_path, actual.encode("utf-8"))


def _find_rule(available: Sequence[Rule], rule_id: str) -> Rule:
    for rule in available:
        if rule.id == rule_id:
            return rule
    raise DeclutterError(f"no rule with id {rule_id!r} (see `declutter rules list`)")
