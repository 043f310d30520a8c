"""What every machine-translation provider offers. Providers raise the `ProviderError` family
of `errors.py`: RetryableError (timeouts, 429, 5xx) is retried with backoff, AuthError and
QuotaError stop the run at once.

A provider translates a list of texts from one language to another in ONE request (or one
local computation); splitting, batching, caching, retries, threads and rate limits are the
drafting engine's business (see `engine.py`), so providers stay thin adapters.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from ..core.masking import Style


@dataclass(frozen=True)
class Limits:
    max_chars: int | None = None  # one text, in characters
    max_bytes: int | None = None  # one text, in UTF-8 bytes
    batch_size: int = 1  # texts per request
    batch_chars: int | None = None  # characters per request, all texts together


@dataclass(frozen=True)
class Translation:
    """One result: `text` None when the provider has nothing (a memory without a match);
    `note` goes into the draft's comment (a memory's match score)."""

    text: str | None
    note: str = ""


class Provider(ABC):
    name: str
    style: Style = Style.PLAIN
    limits: Limits = Limits()
    local: bool = False  # computed here: no cache, no threads, no rate limit
    default_rate: float = 0.0  # requests per second when the configuration sets none; 0: no limit

    @property
    def cache_id(self) -> str:
        """The engine, in cache keys: the same engine behind another address (a mirror, the free
        and pro DeepL endpoints) gives the same translations, so addresses are not part of it."""
        return self.name

    @abstractmethod
    def translate(self, texts: list[str]) -> list[Translation]:
        """Translate `texts` in one request; the result has one item per text, in order."""
