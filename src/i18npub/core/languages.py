"""Language codes, through Babel (the only module that imports it): validation, the gettext and
web spellings, and the facts a new catalog's header needs."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from ..errors import UsageError


@functools.cache
def normalize_language(code: str) -> str:
    """`en`, `pt-BR`, `pt_br` → the gettext form (`en`, `pt_BR`). A code Babel knows only as an
    alias of another (`eng` → `en_US`, `en-UK` → `en_GB`) is refused with the code to use."""
    written = code.strip().replace("-", "_")
    try:
        locale = Locale.parse(written)
    except (UnknownLocaleError, ValueError, TypeError):
        raise UsageError(f"unknown language code {code!r}") from None
    canonical = str(locale)
    if canonical.lower() != written.lower():
        raise UsageError(f"unknown language code {code!r}; did you mean {web_code(canonical)!r}?")
    return canonical


def web_code(code: str) -> str:
    """The BCP 47 form used in paths, URLs and `lang:` (`pt_BR` → `pt-BR`)."""
    return code.replace("_", "-")


@functools.cache
def english_name(code: str) -> str:
    return Locale.parse(code).english_name or code


@functools.cache
def plural_forms(code: str) -> str:
    return get_plural(code).plural_forms
