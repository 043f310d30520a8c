"""The project's errors. Every error names the file and, when known, the line.

    I18nError                  base: path, line, message
    ├── ConfigError            i18npub.toml missing or invalid, unknown language code (exit 2)
    ├── SourceError            an article cannot be read or parsed (bad UTF-8, bad front matter)
    ├── CatalogError           a PO/POT file cannot be read or parsed
    └── ProviderError          a machine-translation service failed
        ├── AuthError          credentials refused: stop at once
        └── QuotaError         quota exhausted: stop at once

The CLI catches I18nError only, and maps it to the exit codes below.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FAILURES = 1  # some articles or catalogs failed, or `check` found errors
EXIT_USAGE = 2  # usage or configuration error


class I18nError(Exception):
    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ConfigError(I18nError):
    pass


class SourceError(I18nError):
    pass


class CatalogError(I18nError):
    pass


class ProviderError(I18nError):
    pass


class AuthError(ProviderError):
    pass


class QuotaError(ProviderError):
    pass
