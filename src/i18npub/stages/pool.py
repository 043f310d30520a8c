"""Whole-site commands on every core: one task per article, in a pool of forked worker processes,
for sites large enough to repay starting them (`PARALLEL_FROM`, measured by
benchmarks/bench_core.py: below it a pool costs more than it saves); smaller sites in-process.

Workers are forked, so they start with the parent's state (the site, its configuration, the
plan of a build's first pass) and receive only article names. They hold no lock (the parent
holds the site's) and write synchronously (`files.ImmediateWriter`): a process that forks must
have no other thread running. Results come back in the order of the articles, so a parallel
run reports exactly what an in-process one does.

A whole-site run (`whole_site_run`) also runs Python's cycle collector rarely: it keeps many
objects alive (its records, a build's plans and parsed articles) and makes few cycles, and at
the default thresholds (a collection every 700 allocations) the collector walks them again and
again, a sixth of a build's time.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

PARALLEL_FROM = 50  # articles to do from which a pool is worth its start-up (see the docstring)
COLLECT_EVERY = 50_000  # allocations between two collections of the youngest objects in a run

_task: Callable[[str], object] | None = None  # the task of the pool being run, inherited by fork


def processes(count: int) -> int:
    """How many worker processes `count` articles to do call for: 0 means in-process."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores < 2 or count < max(PARALLEL_FROM, 1) or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(cores, count)


def run_parallel(task: Callable[[str], T], articles: Sequence[str], workers: int) -> list[T]:
    """`task(article)` for every article in `workers` forked processes; results in order. The
    task must catch its article's errors: an exception escaping it is a bug, and stops the run."""
    global _task
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run, articles, chunksize=max(1, len(articles) // (workers * 16)))
    finally:
        _task = None


def each(task: Callable[[str, dict], T], articles: Sequence[str], shared: dict) -> list[T]:
    """`task(article, cache)` for every article, in a pool when there are enough of them (each
    worker's task with a cache of its own), else in-process, every task with the `shared` one."""
    workers = processes(len(articles))
    if workers:
        return run_parallel(lambda article: task(article, {}), articles, workers)
    return [task(article, shared) for article in articles]


def _run(article: str) -> object:
    assert _task is not None
    return _task(article)


@contextlib.contextmanager
def whole_site_run() -> Iterator[None]:
    """The cycle collector during a whole-site run: what is alive when it starts (modules,
    configuration) is never walked, and the young objects are collected every `COLLECT_EVERY`
    allocations (forked workers inherit both)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(COLLECT_EVERY, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
