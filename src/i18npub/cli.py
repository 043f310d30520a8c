"""The command line: parses options, calls the library, renders its reports. Exit codes:
0 success; 1 some articles or catalogs failed, or `check` found errors; 2 usage or configuration
error (see errors.py)."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, TextIO

import typer

from . import __version__
from .errors import EXIT_FAILURES, I18nError, OutputError, UsageError
from .site.lock import DEFAULT_WAIT, writing
from .stages.report import Outcome

# each command imports the stages it runs, when it runs: a command starts without loading the
# others' modules (the machine-translation clients, the HTML parser, the terminal tables)
if TYPE_CHECKING:
    from .site.layout import Site
    from .stages import review as review_module

app = typer.Typer(
    help="Translate Markdown articles through gettext PO catalogs, byte-faithfully.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"i18npub {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Extract, translate, check and build localized articles."""


def fail(exc: I18nError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


@app.command()
def init(
    source_lang: Annotated[str, typer.Option("--source-lang", help="Language of the original articles.")],
    lang: Annotated[list[str], typer.Option("--lang", help="A target language; repeat for several.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing i18npub.toml.")] = False,
    generator: Annotated[Optional[str], typer.Option("--generator", help="jekyll, polyglot, hugo or plain (default: detected).")] = None,
) -> None:
    """Write i18npub.toml in the current folder, for the site generator found there."""
    from .site import config as config_module

    try:
        path, layout = config_module.init_config(Path.cwd(), source_lang, lang, force=force, generator=generator)
    except I18nError as exc:
        fail(exc)
    typer.echo(f"wrote {path.name} ({layout.generator})")
    for note in layout.notes:
        typer.echo(f"note: {note}", err=True)


def _load() -> Site:
    from .site import config as config_module
    from .site.layout import Site

    try:
        return Site(config_module.load_config())
    except I18nError as exc:
        fail(exc)
        raise  # unreachable: fail() exits


# commands that write a site take its lock; this is how long they wait for another to finish
Wait = Annotated[float, typer.Option("--wait", metavar="SECONDS", help="How long to wait for another i18npub writing this site.")]


def _report_errors(errors: list[I18nError]) -> None:
    for exc in errors:
        typer.echo(f"error: {exc}", err=True)


@app.command()
def extract(
    articles: Annotated[Optional[list[str]], typer.Argument(help="Articles (paths relative to the source folder); all by default.")] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Write the templates (locales/templates) and create or update every language's catalogs."""
    from .stages import extract as extract_module

    site = _load()
    try:
        with writing(site, "extract", wait):
            report = extract_module.extract_site(site, articles or None)
    except I18nError as exc:
        fail(exc)
    _report_errors(report.errors)
    typer.echo(
        f"{len(report.results)} articles, {report.units} units; "
        f"{report.templates_written} templates and {report.catalogs_written} catalogs written"
        + (f"; {len(report.errors)} errors" if report.errors else "")
    )
    if report.errors:
        raise typer.Exit(EXIT_FAILURES)


@app.command()
def build(
    lang: Annotated[Optional[list[str]], typer.Option("--lang", help="Language to build; repeat for several; all by default.")] = None,
    include_fuzzy: Annotated[bool, typer.Option("--include-fuzzy", help="Use fuzzy entries (machine drafts) too, for previews.")] = False,
    min_translated: Annotated[Optional[float], typer.Option("--min-translated", metavar="PCT", help="Build only articles at least this much translated (default: config, 100).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Publish articles even when their catalogs have check errors.")] = False,
    prune: Annotated[bool, typer.Option("--prune", help="Remove earlier outputs that no longer qualify.")] = False,
    articles: Annotated[Optional[list[str]], typer.Argument(help="Articles to build; all by default.")] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Write the localized articles (content/<lang>/ by default) that are translated enough."""
    from .stages import build as build_module

    site = _load()
    failed = False
    try:
        languages = [site.config.check_language(x) for x in lang] if lang else site.config.languages
        with writing(site, "build", wait):
            for code in languages:
                options = build_module.BuildOptions(code, include_fuzzy, min_translated, force, prune)
                report = build_module.build_site(site, options, articles or None)
                _report_errors(report.errors)
                for result in report.results:
                    if result.outcome in (Outcome.SKIPPED, Outcome.STALE, Outcome.PRUNED):
                        typer.echo(f"{result.outcome.value} {result.article}: {result.reason}")
                    elif result.reason and result.outcome is not Outcome.FAILED:  # written in its place, untranslated
                        typer.echo(f"untranslated {result.article}: {result.reason}")
                summary = (
                    f"{code}: {report.count(Outcome.WRITTEN)} written, {report.count(Outcome.UNCHANGED)} unchanged, "
                    f"{report.count(Outcome.SKIPPED)} skipped, {report.count(Outcome.FAILED)} failed"
                )
                if report.count(Outcome.STALE):
                    summary += f"; {report.count(Outcome.STALE)} stale outputs left (--prune removes them)"
                if report.count(Outcome.PRUNED):
                    summary += f"; {report.count(Outcome.PRUNED)} stale outputs removed"
                if report.links_localized or report.links_untranslated:
                    summary += (f"; internal links: {report.links_localized} to {code} pages, "
                                f"{report.links_untranslated} to pages not translated yet")
                typer.echo(summary)
                failed = failed or bool(report.errors)
    except I18nError as exc:
        fail(exc)
    if failed:
        raise typer.Exit(EXIT_FAILURES)


@app.command("import")
def import_(
    lang: Annotated[str, typer.Option("--lang", help="The language of the translations.")],
    article: Annotated[Optional[str], typer.Argument(help="An article (path relative to the source folder).")] = None,
    translation: Annotated[Optional[Path], typer.Argument(help="Its translation, written by people.")] = None,
    split_at: Annotated[Optional[str], typer.Option("--split-at", metavar="TEXT", help="The article holds its translation from the line starting with TEXT.")] = None,
    folder: Annotated[Optional[Path], typer.Option("--from", metavar="FOLDER", help="Translations to pair with their sources by translation key (or by path).")] = None,
    pairs: Annotated[Optional[Path], typer.Option("--pairs", help="JSON list of {\"source\", \"translated\"}: articles and their translations' paths.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would be filled; write nothing.")] = False,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Fill the catalogs from existing human translations, aligned unit by unit (uncertain ones fuzzy)."""
    from .stages import importing as import_module

    site = _load()
    options = import_module.ImportOptions(lang, article, translation, split_at, folder, pairs, dry_run)
    try:
        with writing(site, "import", wait) if not dry_run else contextlib.nullcontext():
            report = import_module.import_site(site, options)
    except I18nError as exc:
        fail(exc)
    _report_errors(report.errors)
    typer.echo(import_module.import_report_text(report), nl=False)
    if report.errors:
        raise typer.Exit(EXIT_FAILURES)


# --- Review and quality: check, status, review -----------------------------------------------


def _check_format(value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}", param_hint="--format")


@app.command()
def check(
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language to check; all by default.")] = None,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Compare every translated or fuzzy entry with its source; exit 1 when errors are found."""
    from .stages import check as check_module

    _check_format(format, ("text", "json"))
    site = _load()
    try:
        report = check_module.check_site(site, [site.config.check_language(lang)] if lang else site.config.languages)
    except I18nError as exc:
        fail(exc)
    render = check_module.check_report_json if format == "json" else check_module.check_report_text
    typer.echo(render(report), nl=False)
    if report.errors:
        raise typer.Exit(EXIT_FAILURES)


@app.command()
def status(
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language to report; all by default.")] = None,
    format: Annotated[str, typer.Option("--format", help="text, json or html.")] = "text",
    output: Annotated[Optional[Path], typer.Option("--output", help="Write the report to this file.")] = None,
) -> None:
    """Per language and article (by title): units and words translated, fuzzy, outdated and
    untranslated, check errors, and its state (changed since the last extract, stale page,
    published...). The text fits the terminal's width ($COLUMNS); piped, lines are whole. Words
    are those a reader sees (no markup, no slug), cut at Unicode's word boundaries as pocount
    does; pocount also counts the words in markup. See docs/status.md."""
    from .site.files import write_atomic
    from .stages import status as status_module

    _check_format(format, ("text", "json", "html"))
    site = _load()
    try:
        report = status_module.site_status(site, [site.config.check_language(lang)] if lang else site.config.languages)
    except I18nError as exc:
        fail(exc)
    if format == "html":
        text = status_module.status_html(report, base=(output.parent if output else Path.cwd()).resolve())
    elif format == "json":
        text = status_module.status_json(report)
    else:  # fitted to the terminal, or to $COLUMNS; whole lines for pipes and logs
        fitted = output is None and (sys.stdout.isatty() or "COLUMNS" in os.environ)
        text = status_module.status_text(report, shutil.get_terminal_size().columns if fitted else None)
    if output is None:
        typer.echo(text, nl=False)
    else:
        try:
            write_atomic(output, text)
        except OSError as exc:
            fail(OutputError(f"cannot write: {exc.strerror or exc}", output))
        typer.echo(f"wrote {output}")
    for article in report.articles:
        if article.figures.unreadable or article.figures.unreadable_sources:
            typer.echo(f"error: {article.problem}", err=True)
    if report.failed:
        raise typer.Exit(EXIT_FAILURES)


@app.command()
def review(
    lang: Annotated[str, typer.Option("--lang", help="Language to review.")],
    article: Annotated[Optional[str], typer.Argument(help="One article (path relative to the source folder); all by default.")] = None,
    wait: Wait = DEFAULT_WAIT,
    accept: Annotated[Optional[list[str]], typer.Option("--accept", metavar="RULE", help="Accept in bulk the drafts that RULE takes: memory-exact, clean or provider=NAME; repeat to require several.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="With --accept: show what would be accepted, write nothing.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="With --accept: accept without asking.")] = False,
    reviewer: Annotated[Optional[str], typer.Option("--reviewer", metavar="NAME", help="Who reviews, for the `# reviewed:` note (default: git config user.name, else $USER).")] = None,
) -> None:
    """Review drafts and outdated translations one by one (accept, edit, skip, reject or quit),
    or accept drafts in bulk by rule (--accept).

    Each decision is checked, then saved at once. On a terminal, answers are single keys and
    edits open $VISUAL/$EDITOR; otherwise answers are lines, and an edit is read up to a line
    holding only "." (write ".." for a lone dot).
    """
    from .stages import review as review_module

    site = _load()
    keys = review_module.key_input(sys.stdin.fileno()) if sys.stdin.isatty() else None
    with keys or contextlib.nullcontext():
        terminal = _review_terminal(keys)
        try:
            code = site.config.check_language(lang)
            chosen = site.catalog_names([article] if article else None)
            rules = [review_module.Rule.parse(rule) for rule in accept or []]
            if (dry_run or yes) and not rules:
                raise UsageError("--dry-run and --yes go with --accept")
            name = review_module.reviewer_name(reviewer, site.root)
            if name is None and not dry_run:
                raise UsageError("who is reviewing? Give --reviewer NAME (or set git config user.name)")
            who = review_module.Reviewer(name or "", datetime.date.today().isoformat())
            if rules:
                unreadable = _accept_in_bulk(site, code, chosen, rules, terminal, who, dry_run, yes, wait)
            else:
                result = review_module.review(site, code, chosen, terminal, who, wait)
                unreadable = result.unreadable
                typer.echo(
                    f"{result.accepted} accepted, {result.edited} edited, {result.rejected} rejected, "
                    f"{result.skipped} skipped; {result.remaining} left to review."
                )
        except I18nError as exc:
            fail(exc)
    if unreadable:
        raise typer.Exit(EXIT_FAILURES)


def _review_terminal(keys: review_module.KeyInput | None) -> review_module.Terminal:
    """Single keys and $VISUAL/$EDITOR on a terminal; lines from a pipe."""
    from .stages import review as review_module

    terminal = review_module.Terminal(
        read_line=keys.cooked(_read_line) if keys else _read_line,
        write=lambda text: typer.echo(text, nl=False),
        read_key=keys.read_key if keys else None,
    )
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor and keys and sys.stdout.isatty():
        terminal.editor = keys.cooked(review_module.external_editor(editor))
    return terminal


def _read_line() -> str | None:
    line = sys.stdin.readline()
    return None if line == "" else line.removesuffix("\n").removesuffix("\r")


def _accept_in_bulk(site: Site, lang: str, articles: list[str], rules: list[review_module.Rule], terminal: review_module.Terminal,
                    who: review_module.Reviewer, dry_run: bool, yes: bool, wait: float) -> list[I18nError]:
    from .stages import review as review_module

    plan = review_module.plan_bulk(site, lang, articles, rules, terminal.write, wait)
    terminal.write(review_module.bulk_plan_text(plan, lang))
    if dry_run:
        terminal.write("Dry run: nothing written.\n")
    elif plan.count:
        answer = "y" if yes else terminal.ask(f"Accept {'this draft' if plan.count == 1 else f'these {plan.count} drafts'} as reviewed by {who.name}? [y/N] ")
        if answer is not None and answer.strip().lower() in review_module.YES:
            accepted = review_module.accept_planned(plan, who)
            terminal.write(f"{accepted} accepted.\n")
        else:
            terminal.write("Nothing accepted.\n")
    return list(plan.unreadable)


@app.command()
def audit(
    output_dir: Annotated[Path, typer.Argument(help="The built site: Jekyll's _site/, Hugo's public/.")],
    lang: Annotated[list[str], typer.Option("--lang", help="A translated language, which is also its folder (en/…); repeat for several.")],
    source_lang: Annotated[Optional[str], typer.Option("--source-lang", help="The source pages' folder, when they have one (fr/…).")] = None,
    pairs: Annotated[Optional[Path], typer.Option("--pairs", help="JSON list of {\"translated\", \"source\"} page paths.")] = None,
    site_url: Annotated[str, typer.Option("--site-url", help="Where the site is served, when pages link to themselves with absolute URLs.")] = "",
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Compare every translated page with its source page: anything it can run or load that the source page cannot is a finding; exit 1 when there is one."""
    from .stages import audit as audit_module

    _check_format(format, ("text", "json"))
    options = audit_module.AuditOptions(output_dir, lang, source_lang, pairs, site_url)
    try:
        report = audit_module.audit_site(options)
    except I18nError as exc:
        fail(exc)
    _report_errors(report.errors)
    render = audit_module.audit_report_json if format == "json" else audit_module.audit_report_text
    typer.echo(render(report), nl=False)
    if report.findings or report.errors:
        raise typer.Exit(EXIT_FAILURES)


# --- Machine drafts: translate ----------------------------------------------------------------

@app.command()
def translate(
    lang: Annotated[str, typer.Option("--lang", help="Language to draft.")],
    provider: Annotated[Optional[str], typer.Option("--provider", help="google, mymemory, libre, microsoft, deepl, openai, memory or pseudo (default: config).")] = None,
    url: Annotated[Optional[str], typer.Option("--url", help="The provider's server (LibreTranslate: required unless configured; openai: the API's base URL, …/v1).")] = None,
    model: Annotated[Optional[str], typer.Option("--model", help="The openai provider's model, as its server names it (default: config).")] = None,
    retranslate_fuzzy: Annotated[bool, typer.Option("--retranslate-fuzzy", help="Redraft fuzzy entries too.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count the units and characters that would be sent, per article.")] = False,
    articles: Annotated[Optional[list[str]], typer.Argument(help="Articles (paths relative to the source folder); all by default.")] = None,
    wait: Wait = DEFAULT_WAIT,
) -> None:
    """Fill untranslated entries with machine drafts, marked fuzzy for review."""
    from .stages import translate as translate_module

    site = _load()
    options = translate_module.TranslateOptions(
        lang=lang, provider=provider or "", url=url or "", model=model or "", articles=articles or [],
        retranslate_fuzzy=retranslate_fuzzy, dry_run=dry_run,
    )
    bar = _TranslateProgress(sys.stderr)
    try:
        with writing(site, "translate", wait) if not dry_run else contextlib.nullcontext():
            report = translate_module.translate_site(site, options, progress=None if dry_run else bar.update)
    except I18nError as exc:
        bar.close()
        fail(exc)
    bar.close()
    _report_errors(report.errors)
    for rejected in report.rejected:
        typer.echo(f"warning: {rejected}", err=True)
    for undrafted in report.undrafted:
        typer.echo(f"warning: {undrafted}", err=True)
    if report.dry_run:
        for article in report.articles:
            if article.error is None:
                typer.echo(f"{article.article}: {article.pending} units, {article.chars} characters to send")
        typer.echo(f"{report.pending} units, {sum(a.chars for a in report.articles)} characters to send to {report.provider}")
    else:
        stats = report.stats
        undrafted = f", {len(report.undrafted)} without a draft" if report.undrafted else ""
        typer.echo(
            f"{report.lang} ({report.provider}): {report.drafted} of {report.pending} units drafted (fuzzy), "
            f"{len(report.rejected)} rejected{undrafted}; {stats.requests} requests, {stats.texts_sent} texts sent, "
            f"{stats.cache_hits} from the cache"
        )
    if report.stopped is not None:
        typer.echo(f"error: stopped: {report.stopped}; drafts made so far are saved, run again to resume", err=True)
    if report.stopped is not None or report.errors:
        raise typer.Exit(EXIT_FAILURES)


class _TranslateProgress:
    """A bar with counts and ETA on a terminal; a plain line at every tenth otherwise."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        self._bar = None
        self._shown = -1

    def update(self, done: int, total: int) -> None:
        if self._stream.isatty():
            if self._bar is None:
                self._bar = typer.progressbar(length=total, label="drafting", show_pos=True, show_eta=True, file=self._stream)
                self._bar.__enter__()
            self._bar.length = total  # an estimate until every catalog has been read
            self._bar.update(done - self._bar.pos)
            return
        tenth = done * 10 // max(total, 1)
        if tenth != self._shown:
            self._shown = tenth
            typer.echo(f"drafting: {done}/{total} units", err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def main() -> None:
    app()
