"""Kills and concurrent commands on a generated site: nothing lost, nothing corrupted.

    .venv/bin/python tests/chaos_site.py [--articles 1000] [--runs 20] [--seed 1] [--keep DIR]

On a site made by benchmarks/generate_site.py, each trial changes the site as its people would
(an author adds paragraphs), then either kills a command (`kill -9`) at a random moment of its
run and runs it again to the end, or starts two commands at once (0 to 0.4 s apart). After each
step it takes a census of the site and checks:

- every catalog parses;
- no translation or draft is lost: every entry that had a msgstr still has it;
- a finished `translate` drafted on disk exactly what it reported, and extract's new entries are
  in every catalog;
- every built article is whole (the old version or the new one), and sources are untouched;
- no temporary file is left once a command has run to its end.

Trials: extract, translate with the pseudo provider, translate through a slow LibreTranslate
fake (tests/mt_fakes.py) for more time with requests in flight, build, two commands at once,
and translate while a translator's editor (not under the site lock) saves catalogs. Prints one
line per kind of trial; exits 1 when an invariant failed. tests/test_chaos.py runs a small one.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "benchmarks"))
sys.path.insert(0, str(HERE))

from generate_site import generate  # noqa: E402
from mt_fakes import FakeLibre, Modes  # noqa: E402

from i18npub.core.catalog import Key  # noqa: E402
from i18npub.core.pofile import parse_catalog, render_catalog  # noqa: E402
from i18npub.site.config import BuildSettings  # noqa: E402
from i18npub.site.files import TEMP_PREFIX  # noqa: E402

COMMAND = [sys.executable, "-c", "from i18npub.cli import main; main()"]
KINDS = ("extract", "translate", "translate-slow", "build", "concurrent", "editor")
LANG = "en"
PREVIEW_DIR = BuildSettings().preview_dir  # where build --include-fuzzy writes
PAIRS = [("extract", "translate"), ("translate", "extract"), ("extract", "build"), ("translate", "build"), ("extract", "extract")]


@dataclass
class Census:
    """What a site holds at one moment."""

    translations: dict[tuple[str, bool, Key], str]  # (catalog, obsolete, key) → msgstr, if any
    keys: dict[str, set[Key]]  # catalog → keys of its active entries
    template_keys: dict[str, set[Key]]  # template, named like its catalog → keys
    unreadable: list[str]
    temporaries: list[str]
    outputs: dict[str, bytes]
    sources: dict[str, bytes]


def census(site: Path) -> Census:
    translations: dict[tuple[str, bool, Key], str] = {}
    keys: dict[str, set[Key]] = {}
    template_keys: dict[str, set[Key]] = {}
    unreadable = []
    for path in sorted((site / "locales").rglob("*.po*")):
        name = path.relative_to(site / "locales").as_posix()
        try:
            catalog = parse_catalog(path.read_text(encoding="utf-8"), name)
        except Exception:  # noqa: BLE001 - whatever the reason, a catalog that does not parse
            unreadable.append(name)
            continue
        if path.suffix == ".pot":
            template_keys[name.removeprefix("templates/").removesuffix(".pot")] = {e.key for e in catalog.active}
            continue
        keys[name.removeprefix(f"{LANG}/").removesuffix(".po")] = {e.key for e in catalog.active}
        for entry in catalog.entries:
            if entry.msgstr:
                translations[(name, entry.obsolete, entry.key)] = entry.msgstr
    temporaries = [str(p.relative_to(site)) for p in site.rglob(f"{TEMP_PREFIX}*")]
    outputs = {  # built and previewed; temporaries are counted above: a killed build's leftover is not a built article
        str(p.relative_to(site)): p.read_bytes()
        for folder in (site / "content" / LANG, site / PREVIEW_DIR)
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(TEMP_PREFIX)
    }
    sources = {str(p.relative_to(site)): p.read_bytes() for p in (site / "content" / "fr").rglob("*") if p.is_file()}
    return Census(translations, keys, template_keys, unreadable, temporaries, outputs, sources)


def lost(before: Census, after: Census) -> int:
    """Translations of `before` that `after` no longer has (none may go: the trials only add
    paragraphs, so no entry's text changes)."""
    return sum(1 for place, text in before.translations.items() if after.translations.get(place) != text)


def drafted_on_disk(before: Census, after: Census) -> int:
    return sum(1 for place in after.translations if place not in before.translations and not place[1])


def out_of_step(after: Census) -> int:
    """Catalogs whose entries are not their template's: an update of extract lost."""
    return sum(1 for name, keys in after.template_keys.items() if after.keys.get(name) != keys)


def broken_outputs(before: Census, after: Census, finished: Census) -> int:
    """Built articles that are neither their earlier version nor the one a full build writes."""
    return sum(1 for name, data in after.outputs.items() if data not in (before.outputs.get(name), finished.outputs.get(name)))


@dataclass
class Tally:
    runs: int = 0
    in_flight: int = 0  # killed while still running (not already finished)
    unreadable: int = 0
    lost: int = 0
    misreported: int = 0  # drafts reported but not on disk, or the reverse
    out_of_step: int = 0
    broken_outputs: int = 0
    sources_changed: int = 0
    temporaries_after_kill: int = 0  # left by the killed run: the next run must remove them
    temporaries_left: int = 0  # after a run to the end
    failures: list[str] = field(default_factory=list)

    @property
    def bad(self) -> int:
        return (self.unreadable + self.lost + self.misreported + self.out_of_step + self.broken_outputs
                + self.sources_changed + self.temporaries_left + len(self.failures))

    def line(self, kind: str) -> str:
        return (
            f"{kind:15} runs {self.runs:3}  killed in flight {self.in_flight:3}  unreadable {self.unreadable}  "
            f"lost {self.lost}  misreported {self.misreported}  out of step {self.out_of_step}  "
            f"broken outputs {self.broken_outputs}  sources changed {self.sources_changed}  "
            f"temporaries after kill {self.temporaries_after_kill:3}  left after next run {self.temporaries_left}"
            + (f"  FAILURES: {'; '.join(self.failures)}" if self.failures else "")
        )


class Trials:
    def __init__(self, site: Path, rng: random.Random, slow_url: str):
        self.site = site
        self.rng = rng
        self.slow_url = slow_url
        self.round = 0
        self.tallies: dict[str, Tally] = {kind: Tally() for kind in KINDS}
        self.durations: dict[str, float] = {}  # of each command run to its end, for the kill moments

    # --- commands --------------------------------------------------------------------------

    def args(self, command: str) -> list[str]:
        if command == "translate":
            return ["translate", "--lang", LANG, "--provider", "pseudo"]
        if command == "translate-slow":
            return ["translate", "--lang", LANG, "--provider", "libre", "--url", self.slow_url]
        if command == "build":
            return ["build", "--lang", LANG, "--include-fuzzy", "--min-translated", "0"]
        return [command]

    def start(self, command: str) -> subprocess.Popen:
        return subprocess.Popen([*COMMAND, *self.args(command), "--wait", "120"], cwd=self.site,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def finish(self, command: str, tally: Tally) -> str:
        """Run `command` to its end; its standard output."""
        started = time.monotonic()
        process = self.start(command)
        out, err = process.communicate()
        self.durations[command] = time.monotonic() - started
        if process.returncode != 0:
            tally.failures.append(f"{command} exited {process.returncode}: {err.strip()[-300:]}")
        return out

    def author_adds_paragraphs(self, share: float = 0.3) -> None:
        self.round += 1
        sources = sorted((self.site / "content" / "fr").rglob("*.markdown"))
        for number, path in enumerate(self.rng.sample(sources, max(1, int(len(sources) * share)))):
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(f"\n\nUn paragraphe ajouté au tour {self.round}, le numéro {number}.\n")

    # --- trials ----------------------------------------------------------------------------

    def kill(self, kind: str) -> None:
        """Prepare work for the command, kill it at a random moment, check, run it to its end, check."""
        tally = self.tallies[kind]
        command = "translate" if kind.startswith("translate") else kind
        self.author_adds_paragraphs()
        if command != "extract":
            self.finish("extract", tally)
        if command == "build":
            self.finish("translate", tally)
        before = census(self.site)
        moment = self.rng.uniform(0, self.durations.get(kind, 2.0))
        process = self.start(kind)
        time.sleep(moment)
        if process.poll() is None:
            process.kill()
            tally.in_flight += 1
        process.communicate()
        killed = census(self.site)
        self.finish(kind, tally)
        after = census(self.site)
        tally.runs += 1
        tally.unreadable += len(killed.unreadable) + len(after.unreadable)
        tally.lost += lost(before, killed) + lost(killed, after)
        tally.temporaries_after_kill += len(killed.temporaries)
        tally.temporaries_left += len(after.temporaries)
        tally.out_of_step += out_of_step(after)
        tally.sources_changed += int(killed.sources != before.sources or after.sources != before.sources)
        if command == "build":
            tally.broken_outputs += broken_outputs(before, killed, after)

    def concurrent(self, pair: tuple[str, str] | None = None) -> None:
        """Two writing commands (`pair`, or two at random) started 0 to 0.4 s apart: the lock
        runs them one after the other."""
        tally = self.tallies["concurrent"]
        self.author_adds_paragraphs()
        before = census(self.site)
        first, second = pair or self.rng.choice(PAIRS)
        one = self.start(first)
        time.sleep(self.rng.uniform(0, 0.4))
        two = self.start(second)
        outputs = {first: one.communicate(), second: two.communicate()}
        for process, command in ((one, first), (two, second)):
            if process.returncode != 0:
                tally.failures.append(f"{command} exited {process.returncode}: {outputs[command][1].strip()[-300:]}")
        after = census(self.site)
        tally.runs += 1
        tally.unreadable += len(after.unreadable)
        tally.lost += lost(before, after)
        tally.temporaries_left += len(after.temporaries)
        if "translate" in outputs:
            reported = _drafted(outputs["translate"][0])
            tally.misreported += int(reported is None or drafted_on_disk(before, after) != reported)
        if "extract" in outputs:
            tally.out_of_step += out_of_step(after)

    def editor(self) -> None:
        """translate while a translator's editor, which knows no lock, saves catalogs: what the
        translator saved is never lost, and every catalog parses."""
        tally = self.tallies["editor"]
        self.author_adds_paragraphs()
        self.finish("extract", tally)
        process = self.start("translate-slow")
        saved: dict[tuple[str, bool, Key], str] = {}
        editor = threading.Thread(target=self._translator, args=(process, saved))
        editor.start()
        process.communicate()
        editor.join()
        if process.returncode != 0:
            tally.failures.append(f"translate exited {process.returncode}")
        after = census(self.site)
        tally.runs += 1
        tally.unreadable += len(after.unreadable)
        tally.lost += sum(1 for place, text in saved.items() if after.translations.get(place) != text)
        tally.temporaries_left += len(after.temporaries)

    def _translator(self, process: subprocess.Popen, saved: dict) -> None:
        """Saves, as Poedit does (a new file renamed over the old), a translation of one
        untranslated entry of a random catalog, again and again while `process` runs."""
        catalogs = sorted((self.site / "locales" / LANG).rglob("*.po"))
        number = 0
        while process.poll() is None:
            time.sleep(0.01)
            path = self.rng.choice(catalogs)
            name = path.relative_to(self.site / "locales").as_posix()
            catalog = parse_catalog(path.read_text(encoding="utf-8"), name)
            entry = next((e for e in catalog.active if not e.msgstr), None)
            if entry is None:
                continue
            number += 1
            entry.msgstr = f"Human translation {number}"
            temporary = path.with_name(path.name + "~")
            temporary.write_text(render_catalog(catalog), encoding="utf-8")
            os.replace(temporary, path)
            saved[(name, False, entry.key)] = entry.msgstr


def _drafted(output: str) -> int | None:
    """The units translate reported drafted ("en (pseudo): 12 of 12 units drafted ...")."""
    for line in output.splitlines():
        if " units drafted" in line:
            return int(line.split("): ", 1)[1].split(" ", 1)[0])
    return None


def run_trials(site: Path, runs: int, seed: int, slow_delay: float = 0.25) -> dict[str, Tally]:
    rng = random.Random(seed)
    with FakeLibre(Modes(delay=slow_delay)) as slow:
        trials = Trials(site, rng, slow.url)
        setup = Tally()
        trials.finish("extract", setup)
        trials.finish("translate", setup)
        trials.finish("build", setup)
        trials.durations["translate-slow"] = 2.0
        if setup.failures:
            raise SystemExit(f"the site could not be set up: {setup.failures}")
        schedule = [kind for kind in KINDS for _ in range(runs)]
        rng.shuffle(schedule)
        for kind in schedule:
            if kind == "concurrent":
                trials.concurrent()
            elif kind == "editor":
                trials.editor()
            else:
                trials.kill(kind)
    return trials.tallies


def make_site(folder: Path, articles: int, seed: int) -> Path:
    generate(folder, articles, seed)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20, help="trials of each kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="make the site in this (new) folder and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        site = make_site(args.keep or Path(scratch) / "site", args.articles, args.seed)
        started = time.monotonic()
        tallies = run_trials(site, args.runs, args.seed)
    for kind, tally in tallies.items():
        print(tally.line(kind))
    print(f"{args.articles} articles, {sum(t.runs for t in tallies.values())} trials in {time.monotonic() - started:.0f} s")
    return 1 if any(t.bad for t in tallies.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
