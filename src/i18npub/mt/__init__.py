"""Machine-translation providers, one module per outside service (see `base` for the contract),
and the engine that drives them (`engine`). Nothing here reads the application's configuration:
`make_provider` is given what a provider needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.glossary import Terms
from ..errors import UsageError
from .base import Context, Provider, TermMasking, Translation
from .memory import MemoryProvider, Reviewed

PROVIDERS = ("google", "mymemory", "libre", "microsoft", "deepl", "openai", "memory", "pseudo")


@dataclass(frozen=True)
class ProviderSettings:
    url: str = ""
    timeout: float = 30.0
    keys: dict[str, str | None] = field(default_factory=dict)  # provider name (or "microsoft_region") → secret
    memory_threshold: float = 0.75
    model: str = ""  # the openai provider's
    glossary: Terms = Terms()  # the target language's terms (providers that use a glossary take the fixed ones)


def make_provider(
    name: str, settings: ProviderSettings, source: str, target: str, reviewed: list[Reviewed] | None = None
) -> Provider:
    """The provider `name` for `source` → `target` (gettext codes)."""
    url, timeout, keys = settings.url, settings.timeout, settings.keys
    # each service's module is imported on use: they pull in HTTP clients the others do not need
    if name == "pseudo":
        from .pseudo import PseudoProvider

        return PseudoProvider()
    if name == "memory":
        return MemoryProvider(reviewed or [], settings.memory_threshold)
    if name == "libre":
        from .libre import LibreProvider

        return LibreProvider(url, source, target, keys.get("libre"), timeout)
    if name == "deepl":
        from .deepl import DeepLProvider

        return DeepLProvider(url, source, target, keys.get("deepl"), timeout, settings.glossary)
    if name == "openai":
        from .openai import OpenAIProvider

        return OpenAIProvider(url, settings.model, source, target, keys.get("openai"), timeout, settings.glossary)
    if name in ("google", "mymemory", "microsoft"):
        from . import deeptrans

        if name == "google":
            return deeptrans.GoogleProvider(url, source, target, timeout)
        if name == "mymemory":
            return deeptrans.MyMemoryProvider(url, source, target, timeout)
        return deeptrans.MicrosoftProvider(url, source, target, keys.get("microsoft"), keys.get("microsoft_region"), timeout)
    raise UsageError(f"unknown provider {name!r} (known: {', '.join(PROVIDERS)})")


__all__ = ["PROVIDERS", "Context", "TermMasking", "Provider", "ProviderSettings", "Reviewed", "Translation", "make_provider"]
