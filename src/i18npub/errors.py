"""The project's errors: one tree, each class with its exit code; every error names the file and,
when known, the line.

    I18nError                    exit 1   base: path, line, message
    ├── UsageError               exit 2   a command's arguments: unknown article, language, provider
    │   └── ConfigError          exit 2   i18npub.toml missing or invalid
    ├── SourceError              exit 1   an article cannot be read or parsed
    ├── CatalogError             exit 1   a PO/POT file cannot be read or parsed
    ├── OutputError              exit 1   a file cannot be written, or may not be (an unsafe path)
    ├── LockError                exit 1   another command is writing the same site
    ├── DraftError               exit 1   an engine's output does not fit its source (masking)
    └── ProviderError            exit 1   a machine-translation service failed
        ├── RetryableError       exit 1   timeout, connection failure, 429, 5xx: retried first
        ├── AuthError            exit 1   credentials refused: stop at once
        └── QuotaError           exit 1   quota exhausted: stop at once

Foreign exceptions (OSError, YAML, HTTP clients) are turned into these where they enter: the
module that meets them. The CLI catches I18nError only and exits with its `exit_code`.
"""

from __future__ import annotations

from pathlib import Path

EXIT_FAILURES = 1  # some articles or catalogs failed, `check` found errors, `translate` stopped
EXIT_USAGE = 2  # usage or configuration error


class I18nError(Exception):
    exit_code = EXIT_FAILURES

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


class UsageError(I18nError):
    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    pass


class SourceError(I18nError):
    pass


class CatalogError(I18nError):
    pass


class OutputError(I18nError):
    pass


class LockError(I18nError):
    pass


class DraftError(I18nError):
    pass


class ProviderError(I18nError):
    pass


class RetryableError(ProviderError):
    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class AuthError(ProviderError):
    pass


class QuotaError(ProviderError):
    pass
