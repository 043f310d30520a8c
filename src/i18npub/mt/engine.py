"""Sending texts to a provider efficiently and safely: the engine room of `translate`.

Given unique masked texts, a `Drafter` answers what it can from the persistent cache, splits
texts over the provider's limits at sentence boundaries, packs the rest into batches, and sends
them from a thread pool under a shared rate limit. Every request has a timeout (set in the
provider); timeouts, connection failures, 429 and 5xx are retried with exponential backoff and
jitter; any other provider error stops the run at once: requests not yet started are cancelled,
those in flight are awaited and kept. Results reach the caller (one callback per finished text,
always in the calling thread) as soon as they are complete, so catalogs can be saved early.
A text the provider answered without a translation (a model's refusal) is delivered as such and
never cached, so a later run asks again.
"""

from __future__ import annotations

import hashlib
import json
import queue
import random
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..core.masking import MASK_VERSION
from ..errors import ProviderError, RetryableError
from .base import Context, Limits, Provider, Translation

CACHE_DIR = ".i18npub-cache"

# a sentence ends with punctuation and whitespace; never inside an `<x id="1"/>` placeholder
_SENTENCE_END = re.compile(r"(?<=[.!?…;:])\s+(?![^<>]*>)")
_WORD_GAP = re.compile(r"\s+(?![^<>]*>)")


@dataclass
class DraftOptions:
    parallel: int = 4
    retries: int = 4
    backoff: float = 1.0  # first pause before a retry, in seconds; doubles each time
    backoff_max: float = 60.0
    rate_limit: float = 0.0  # requests per second over all threads; 0: none


@dataclass
class DraftStats:
    requests: int = 0  # requests sent, retries included
    retries: int = 0
    texts_sent: int = 0  # pieces of text carried by successful requests
    cache_hits: int = 0  # pieces answered from the cache
    splits: int = 0  # texts over the provider's limit, sent in pieces

    @property
    def hit_rate(self) -> float:
        total = self.cache_hits + self.texts_sent
        return self.cache_hits / total if total else 1.0


class Cache:
    """Provider outputs by (provider, languages, masked text), in SQLite under the site root.
    Written after every request, so an interrupted run keeps everything it was answered."""

    def __init__(self, root: Path):
        folder = root / CACHE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(folder / "mt.sqlite3")  # each put_many is one transaction
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # survives a crashed process, which is what matters here
        with self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS mt (key TEXT PRIMARY KEY, output TEXT NOT NULL)")

    @staticmethod
    def key(provider: Provider, source: str, target: str, text: str) -> str:
        material = json.dumps([MASK_VERSION, provider.cache_id, source, target, text], ensure_ascii=False)
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(keys), 500):  # SQLite bounds the number of parameters
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT key, output FROM mt WHERE key IN ({marks})", chunk))
        return found

    def put_many(self, items: list[tuple[str, str]]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO mt (key, output) VALUES (?, ?)", items)

    def close(self) -> None:
        self._db.close()


def fits(text: str, limits: Limits) -> bool:
    longest = min(n for n in (limits.max_chars, limits.batch_chars) if n) if (limits.max_chars or limits.batch_chars) else None
    if longest is not None and len(text) > longest:
        return False
    return limits.max_bytes is None or len(text.encode("utf-8")) <= limits.max_bytes


def split_text(text: str, limits: Limits) -> tuple[list[str], list[str]]:
    """`text` as pieces that each fit the limits, and the whitespace between them:
    whole sentences where possible, words where a sentence is too long, characters last."""
    if fits(text, limits):
        return [text], []
    units: list[tuple[str, str]] = []  # (text, whitespace after it)
    for sentence, gap in _cut(text, _SENTENCE_END):
        if fits(sentence, limits):
            units.append((sentence, gap))
            continue
        words = _cut(sentence, _WORD_GAP)
        words[-1] = (words[-1][0], gap)
        for word, word_gap in words:
            if fits(word, limits):
                units.append((word, word_gap))
                continue
            size = len(word)
            while size > 1 and not fits(word[:size], limits):
                size //= 2
            cuts = [word[i : i + size] for i in range(0, len(word), size)]
            units += [(c, "") for c in cuts[:-1]] + [(cuts[-1], word_gap)]
    pieces: list[str] = []
    gaps: list[str] = []
    for unit, gap in units:
        if pieces and fits(pieces[-1] + gaps[-1] + unit, limits):
            pieces[-1] += gaps[-1] + unit
            gaps[-1] = gap
        else:
            pieces.append(unit)
            gaps.append(gap)
    return pieces, gaps[:-1]


def _cut(text: str, gap: re.Pattern[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    last = 0
    for m in gap.finditer(text):
        out.append((text[last : m.start()], m.group()))
        last = m.end()
    out.append((text[last:], ""))
    return out


def batches(texts: list[str], limits: Limits) -> list[list[str]]:
    out: list[list[str]] = []
    size = 0
    for text in texts:
        if not out or len(out[-1]) >= limits.batch_size or (
            limits.batch_chars is not None and size + len(text) > limits.batch_chars
        ):
            out.append([])
            size = 0
        out[-1].append(text)
        size += len(text)
    return out


class _Stopped(Exception):
    """A worker gave up because the run is stopping."""


class _RateLimiter:
    def __init__(self, rate: float):
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self, stop: threading.Event) -> float:
        """Wait for the next free slot, one interval after the last one given: its time
        (`time.monotonic`). A thread may wake later than its slot, never earlier."""
        now = time.monotonic()
        if not self._interval:
            return now
        with self._lock:
            slot = max(now, self._next)
            self._next = slot + self._interval
        if stop.wait(slot - now):
            raise _Stopped
        return slot


Done = Callable[[str, Translation], None]


class Drafter:
    def __init__(self, provider: Provider, source: str, target: str, options: DraftOptions, cache: Cache | None):
        self.provider = provider
        self.source, self.target = source, target
        self.options = options
        self.cache = None if provider.local else cache
        self.stats = DraftStats()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        rate = options.rate_limit or provider.default_rate
        self._limiter = _RateLimiter(0.0 if provider.local else rate)

    def unsent(self, texts: list[str]) -> dict[str, int]:
        """For a dry run: the characters each text would send (0 when the cache has it all)."""
        if self.provider.local:
            return {text: 0 for text in texts}
        plans = {text: split_text(text, self.provider.limits)[0] for text in texts}
        cached = self.cached({piece for pieces in plans.values() for piece in pieces})
        return {text: sum(len(p) for p in pieces if p not in cached) for text, pieces in plans.items()}

    def run(self, groups: Iterable[list[str]], done: Done, contexts: Mapping[str, Context] | None = None) -> None:
        """Translate texts that arrive in groups (one per catalog, produced lazily, so requests
        start while later catalogs are still being read), calling `done(text, translation)` for
        each text as soon as it is complete. Texts are unique across groups. `contexts` tells
        where texts stand; it is read when a request is sent, so the caller may fill it as it
        produces the groups. Raises the first ProviderError after cancelling what was not sent
        yet and keeping what was in flight."""
        if self.provider.local:
            for group in groups:
                for start in range(0, len(group), 100):
                    chunk = group[start : start + 100]
                    for text, result in zip(chunk, self.provider.translate(chunk)):
                        done(text, result)
            return
        _Session(self, done, {} if contexts is None else contexts).run(groups)

    def _send(self, batch: list[str], contexts: list[Context | None]) -> list[Translation]:
        attempt = 0
        while True:
            if self._stop.is_set():
                raise _Stopped
            self._limiter.wait(self._stop)
            with self._lock:
                self.stats.requests += 1
            try:
                results = self.provider.translate_in_context(batch, contexts)
            except RetryableError as exc:
                attempt += 1
                if attempt > self.options.retries:
                    self._stop.set()
                    raise ProviderError(f"{exc.message} (gave up after {attempt} tries)") from None
                with self._lock:
                    self.stats.retries += 1
                pause = max(self.options.backoff * 2 ** (attempt - 1), exc.retry_after or 0.0)
                # jitter spreads the retries of parallel workers apart
                if self._stop.wait(min(pause, self.options.backoff_max) * random.uniform(0.75, 1.25)):
                    raise _Stopped from None
                continue
            except ProviderError:
                self._stop.set()  # other workers must not start another request
                raise
            with self._lock:
                self.stats.texts_sent += len(batch)
            return results

    def cached(self, pieces: set[str]) -> dict[str, str]:
        if self.cache is None or not pieces:
            return {}
        keys = {Cache.key(self.provider, self.source, self.target, p): p for p in pieces}
        return {keys[k]: v for k, v in self.cache.get_many(list(keys)).items()}


class _Session:
    """One `Drafter.run` over remote requests: the plan of every text, the pieces waiting for
    an answer, and the pool that sends them."""

    def __init__(self, drafter: Drafter, done: Done, contexts: Mapping[str, Context]):
        self.drafter = drafter
        self.done = done
        self.contexts = contexts
        self.limits = drafter.provider.limits
        self.plans: dict[str, tuple[list[str], list[str]]] = {}  # text → (pieces, gaps)
        self.outputs: dict[str, Translation] = {}  # piece → translation
        self.waiting: dict[str, list[str]] = {}  # piece → texts that need it
        self.missing: dict[str, int] = {}  # text → pieces still unanswered
        self.queued: list[str] = []  # pieces not sent yet, in the order of their texts
        self.futures: dict[Future[list[Translation]], list[str]] = {}
        self.finished: queue.SimpleQueue[Future[list[Translation]]] = queue.SimpleQueue()
        self.failure: BaseException | None = None
        self.executor = ThreadPoolExecutor(max(1, drafter.options.parallel), thread_name_prefix="i18npub-mt")

    def run(self, groups: Iterable[list[str]]) -> None:
        self.drafter._stop.clear()
        try:
            for group in groups:
                if self.failure is not None:
                    break
                self._plan(group)
                ready = batches(self.queued, self.limits)
                for batch in ready[:-1]:  # the last one may fill up with the next group's pieces
                    self._submit(batch)
                self.queued = ready[-1] if ready else []
                self._collect(block=False)
            if self.failure is None and self.queued:
                for batch in batches(self.queued, self.limits):
                    self._submit(batch)
            self._collect(block=True)
        finally:
            self.drafter._stop.set()
            self.executor.shutdown(wait=self.failure is not None, cancel_futures=True)
        if self.failure is not None:
            raise self.failure

    def _plan(self, group: list[str]) -> None:
        drafter = self.drafter
        plans = {text: split_text(text, self.limits) for text in group}
        drafter.stats.splits += sum(1 for pieces, _ in plans.values() if len(pieces) > 1)
        self.plans.update(plans)
        fresh = {p for pieces, _ in plans.values() for p in pieces if p not in self.outputs and p not in self.waiting}
        self.outputs.update((piece, Translation(output)) for piece, output in drafter.cached(fresh).items())
        for text, (pieces, gaps) in plans.items():
            todo = {p for p in pieces if p not in self.outputs}
            drafter.stats.cache_hits += len(set(pieces)) - len(todo)
            if not todo:
                self.done(text, _join(pieces, gaps, self.outputs))
                continue
            self.missing[text] = len(todo)
            for piece in pieces:
                if piece in todo and piece not in self.waiting:
                    self.queued.append(piece)
                if piece in todo:
                    self.waiting.setdefault(piece, [])
                    if text not in self.waiting[piece]:
                        self.waiting[piece].append(text)

    def _submit(self, batch: list[str]) -> None:
        future = self.executor.submit(self.drafter._send, batch, [self.contexts.get(piece) for piece in batch])
        self.futures[future] = batch
        future.add_done_callback(self.finished.put)

    def _collect(self, block: bool) -> None:
        """Deliver finished requests: all of them (waiting) or those already back."""
        while self.futures:
            try:
                future = self.finished.get(block=block)
            except queue.Empty:
                return
            batch = self.futures.pop(future)
            try:
                results = future.result()
            except (CancelledError, _Stopped):
                continue
            except Exception as exc:  # the first failure stops the run; in-flight answers are still kept
                if self.failure is None:
                    self.failure = exc
                    self.drafter._stop.set()
                    for other in list(self.futures):
                        other.cancel()
                continue
            self._deliver(batch, results)

    def _deliver(self, batch: list[str], results: list[Translation]) -> None:
        drafter = self.drafter
        if drafter.cache is not None:
            drafter.cache.put_many([(Cache.key(drafter.provider, drafter.source, drafter.target, p), r.text)
                                    for p, r in zip(batch, results) if r.text is not None])
        for piece, result in zip(batch, results):
            self.outputs[piece] = result
            for text in self.waiting.pop(piece, []):
                self.missing[text] -= 1
                if self.missing[text] == 0:
                    pieces, gaps = self.plans[text]
                    self.done(text, _join(pieces, gaps, self.outputs))


def _join(pieces: list[str], gaps: list[str], outputs: dict[str, Translation]) -> Translation:
    """A text's translation from its pieces' (none, with its reason, if a piece has none)."""
    refused = [outputs[p] for p in pieces if outputs[p].text is None]
    if refused:
        return refused[0]
    out = [outputs[pieces[0]].text or ""]
    for gap, piece in zip(gaps, pieces[1:]):
        out += [gap, outputs[piece].text or ""]
    return Translation("".join(out))
