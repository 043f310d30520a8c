"""Kills and concurrent commands lose nothing: a small run of tests/chaos_site.py in the suite,
and the full one (1,000 articles, 20 trials of each kind) with `pytest -m slow`."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from chaos_site import KINDS, Trials, census, make_site, run_trials


def assert_nothing_lost(tallies) -> None:
    for kind, tally in tallies.items():
        assert tally.runs > 0 and tally.bad == 0, tally.line(kind)


def test_extract_and_translate_started_together_lose_no_draft(tmp_path: Path) -> None:
    # the reported defect: started within 0.4 s of each other, they lost drafts that translate
    # reported made
    site = make_site(tmp_path / "site", 20, seed=3)
    trials = Trials(site, random.Random(3), slow_url="")
    for command in ("extract", "translate"):
        trials.finish(command, trials.tallies["concurrent"])
    for pair in (("extract", "translate"), ("translate", "extract")):
        trials.concurrent(pair)
    assert_nothing_lost({"concurrent": trials.tallies["concurrent"]})
    assert census(site).translations


def test_a_few_kills_and_concurrent_commands(tmp_path: Path) -> None:
    tallies = run_trials(make_site(tmp_path / "site", 20, seed=2), runs=1, seed=2)
    assert set(tallies) == set(KINDS)
    assert_nothing_lost(tallies)


@pytest.mark.slow
def test_kills_and_concurrent_commands_on_a_thousand_articles(tmp_path: Path) -> None:
    assert_nothing_lost(run_trials(make_site(tmp_path / "site", 1000, seed=1), runs=20, seed=1))
