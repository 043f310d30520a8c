"""The command line: parses options, calls the library, renders its reports. Exit codes:
0 success; 1 some articles or catalogs failed, or `check` found errors; 2 usage or configuration
error (see errors.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import config as config_module
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


def main() -> None:
    app()
