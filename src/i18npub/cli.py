"""The command line: parses options, calls the library, renders its reports. Exit codes:
0 success; 1 some articles or catalogs failed, or `check` found errors; 2 usage or configuration
error (see errors.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import config as config_module
from . import project
from .errors import EXIT_FAILURES, EXIT_USAGE, ConfigError, I18nError

app = typer.Typer(
    help="Translate Markdown articles through gettext PO catalogs, byte-faithfully.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root() -> None:
    """Extract, translate, check and build localized articles."""


def fail(exc: I18nError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_FAILURES)


@app.command()
def init(
    source_lang: Annotated[str, typer.Option("--source-lang", help="Language of the original articles.")],
    lang: Annotated[list[str], typer.Option("--lang", help="A target language; repeat for several.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing i18npub.toml.")] = False,
) -> None:
    """Write i18npub.toml in the current folder."""
    try:
        path = config_module.init_config(Path.cwd(), source_lang, lang, force=force)
    except I18nError as exc:
        fail(exc)
    typer.echo(f"wrote {path.name}")


def _load() -> config_module.Config:
    try:
        return config_module.load_config()
    except I18nError as exc:
        fail(exc)
        raise  # unreachable: fail() exits


def _report_errors(errors: list[I18nError]) -> None:
    for exc in errors:
        typer.echo(f"error: {exc}", err=True)


@app.command()
def extract(
    articles: Annotated[Optional[list[str]], typer.Argument(help="Articles (paths relative to the source folder); all by default.")] = None,
) -> None:
    """Write the templates (locales/templates) and create or update every language's catalogs."""
    config = _load()
    try:
        report = project.extract_site(config, articles or None)
    except I18nError as exc:
        fail(exc)
    _report_errors(report.errors)
    typer.echo(
        f"{report.articles} articles, {report.units} units; "
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
    articles: Annotated[Optional[list[str]], typer.Argument(help="Articles to build; all by default.")] = None,
) -> None:
    """Write the localized articles (content/<lang>/ by default)."""
    config = _load()
    failed = False
    try:
        languages = [config.check_language(x) for x in lang] if lang else config.languages
        for code in languages:
            report = project.build_site(config, code, include_fuzzy, min_translated, articles or None)
            _report_errors(report.errors)
            for outcome in report.outcomes:
                if outcome.status == "skipped":
                    typer.echo(f"skipped {outcome.article}: {outcome.reason}")
            typer.echo(
                f"{code}: {report.count('written')} written, {report.count('unchanged')} unchanged, "
                f"{report.count('skipped')} skipped, {report.count('failed')} failed"
            )
            failed = failed or bool(report.errors)
    except I18nError as exc:
        fail(exc)
    if failed:
        raise typer.Exit(EXIT_FAILURES)


def main() -> None:
    app()
