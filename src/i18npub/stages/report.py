"""What a whole-site stage returns: one result per article, and the errors met on the way. The CLI
renders these; nothing here prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ..errors import I18nError


class Outcome(Enum):
    WRITTEN = "written"  # its output changed
    UNCHANGED = "unchanged"  # its output already held exactly this
    SKIPPED = "skipped"  # not processed, for a reason given (policy, nothing to do)
    FAILED = "failed"  # an error stopped it; the others went on
    STALE = "stale"  # an earlier output that no longer qualifies, left in place
    PRUNED = "pruned"  # such an output, removed


@dataclass
class ArticleResult:
    article: str
    outcome: Outcome
    reason: str = ""
    units: int = 0  # units (entries) the article has
    translated: float = 100.0  # percentage of its units with a usable translation
    done: int = 0  # what the stage did to it: files written, drafts made
    error: I18nError | None = None


@dataclass
class SiteReport:
    results: list[ArticleResult] = field(default_factory=list)
    errors: list[I18nError] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    def fail(self, article: str, error: I18nError) -> None:
        self.errors.append(error)
        self.results.append(ArticleResult(article, Outcome.FAILED, str(error), error=error))
