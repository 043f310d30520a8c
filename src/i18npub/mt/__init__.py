"""Machine-translation providers, one module per outside service (see `base` for the contract)."""

from __future__ import annotations

import os

from ..config import TranslateSettings
from ..errors import ConfigError
from .base import Provider, Translation
from .memory import MemoryProvider, Reviewed

PROVIDERS = ("google", "mymemory", "libre", "microsoft", "deepl", "memory", "pseudo")


def make_provider(
    name: str,
    settings: TranslateSettings,
    source: str,
    target: str,
    url: str = "",
    reviewed: list[Reviewed] | None = None,
) -> Provider:
    """The provider `name` for `source` → `target` (gettext codes). Keys are read from the
    environment variables named in `settings.key_env`, here and nowhere else."""
    url = url or settings.url
    timeout = settings.timeout
    # each service's module is imported on use: they pull in HTTP clients the others do not need
    if name == "pseudo":
        from .pseudo import PseudoProvider

        return PseudoProvider()
    if name == "memory":
        return MemoryProvider(reviewed or [], settings.memory_threshold)
    if name == "libre":
        from .libre import LibreProvider

        return LibreProvider(url, source, target, _key(settings, "libre"), timeout)
    if name == "deepl":
        from .deepl import DeepLProvider

        return DeepLProvider(url, source, target, _key(settings, "deepl"), timeout)
    if name in ("google", "mymemory", "microsoft"):
        from . import deeptrans

        if name == "google":
            return deeptrans.GoogleProvider(url, source, target, timeout)
        if name == "mymemory":
            return deeptrans.MyMemoryProvider(url, source, target, timeout)
        region = os.environ.get(settings.key_env.get("microsoft_region", "MICROSOFT_TRANSLATOR_REGION")) or None
        return deeptrans.MicrosoftProvider(url, source, target, _key(settings, "microsoft"), region, timeout)
    raise ConfigError(f"unknown provider {name!r} (known: {', '.join(PROVIDERS)})")


def _key(settings: TranslateSettings, provider: str) -> str | None:
    variable = settings.key_env.get(provider)
    return os.environ.get(variable) or None if variable else None


__all__ = ["PROVIDERS", "Provider", "Reviewed", "Translation", "make_provider"]
