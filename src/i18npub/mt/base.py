"""What every machine-translation provider offers. Providers raise the `ProviderError` family
of `errors.py`: RetryableError (timeouts, 429, 5xx) is retried with backoff, AuthError and
QuotaError stop the run at once.

A provider translates a list of texts from one language to another in ONE request (or one
local computation); splitting, batching, caching, retries, threads and rate limits are the
drafting engine's business (see `engine.py`), so providers stay thin adapters.

Texts arrive masked (`core.masking`): markup is placeholders, and so are the glossary's terms,
as the provider's `term_masking` says.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import Enum

from ..core.masking import Style


class TermMasking(Enum):
    """Which of the glossary's terms a provider's texts have masked."""

    ALL = "all"  # plain engines: every term, those with a fixed translation put back translated
    KEPT = "kept"  # engines given the fixed translations (a DeepL glossary, a prompt): the terms kept as written
    NONE = "none"  # a memory of human translations: texts compared as they are written


@dataclass(frozen=True)
class Limits:
    max_chars: int | None = None  # one text, in characters
    max_bytes: int | None = None  # one text, in UTF-8 bytes
    batch_size: int = 1  # texts per request
    batch_chars: int | None = None  # characters per request, all texts together


@dataclass(frozen=True)
class Translation:
    """One result: `text` None when the provider has nothing (a memory without a match, a model
    that refused or left the text out: `note` says why); otherwise `note` goes into the draft's
    comment (a memory's match score)."""

    text: str | None
    note: str = ""


@dataclass(frozen=True)
class Context:
    """Where a text stands in its article, for providers that can use it: the article (its
    path), its title, the text's place among the article's units, and the neighbouring units
    (masked like the text; "" at either end)."""

    article: str
    title: str
    index: int
    before: str
    after: str


class Provider(ABC):
    name: str
    style: Style = Style.PLAIN
    limits: Limits = Limits()
    local: bool = False  # computed here: no cache, no threads, no rate limit
    term_masking: TermMasking = TermMasking.ALL
    uses_context: bool = False  # `translate_in_context` makes use of where texts stand
    default_rate: float = 0.0  # requests per second when the configuration sets none; 0: no limit

    @property
    def cache_id(self) -> str:
        """The engine, in cache keys: the same engine behind another address (a mirror, the free
        and pro DeepL endpoints) gives the same translations, so addresses are not part of it."""
        return self.name

    @abstractmethod
    def translate(self, texts: list[str]) -> list[Translation]:
        """Translate `texts` in one request; the result has one item per text, in order."""

    def translate_in_context(self, texts: list[str], contexts: list[Context | None]) -> list[Translation]:
        """`translate`, told where each text stands (None: unknown, a piece of a longer text);
        providers that `uses_context` override it, the others translate the texts alone."""
        return self.translate(texts)
