"""Benchmark i18npub's whole-site commands, cold and incremental, beside Translate Toolkit.

    python benchmarks/bench_core.py [--articles 10000 --seed 1] [--copies 20 | --no-tt]
                                    [--json OUT] [--keep]

Two sites. A generated one (benchmarks/generate_site.py, 10,000 articles by default) for the
rates and the incremental runs; the shared corpus (/work/shared/corpus/numerique-gouv/fr, 45
real articles) copied `--copies` times for the comparison with Translate Toolkit's md2po and
po2md, run in the same benchmark on the very same articles.

Cold phases run each in a fresh Python process, which times one library call for the whole
site (interpreter start-up and imports excluded) and reports its peak memory: its own plus, when
it ran a pool, the largest worker's times the number of workers (an upper bound: the workers'
pages shared with the parent are counted again). Phases:

  extract   extract_site on a site with no catalogs yet
  build     build_site into an empty output folder, once every locales/en entry has a
            pseudo-translation (so that every unit is spliced in and checked), nothing checked
            before (no record of `check`)
  check     check_site over those catalogs
  build after check
            build_site into an empty output folder again, once `check` has read those very
            catalogs and sources: the build takes the findings it recorded (the workflow's order:
            reviewers check, then the site is built)
  tt        Translate Toolkit's md2po then po2md, through their `main(argv)`, one call each for
            the whole folder

Incremental runs are whole commands (`i18npub extract`, `build`, `check`, `status`), timed from outside, start-up
included: once to settle (the pseudo-translation changed every catalog since the cold
extract), then with nothing changed (the first such run compares the content of the files the
settling run wrote, whose times were too recent to be trusted when it recorded them; the next
three are timed), then after one article was edited (three times, another article each time).
Each figure is the median of its three runs, as this machine's times vary from run to run.

Targets: cold extract and cold build at least 1,000 articles/s on the generated site, at least
8 times Translate Toolkit's speed on the corpus site, peak memory at most 300 MB; no-op and
one-edit runs under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

TARGET_RATE = 1000.0  # articles per second, for each of cold extract and cold build
TARGET_RATIO = 8.0  # times Translate Toolkit's articles per second
TARGET_PEAK_MB = 300.0
TARGET_INCREMENTAL_S = 1.0
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "numerique-gouv" / "fr"
TARGET_LANG = "en"

# Spans a translator keeps as they are: the pseudo-translation leaves them alone so that the
# built article stays valid (attribute lists and Translate Toolkit's {n} placeholders, Liquid,
# HTML tags and autolinks, link targets, inline code, URLs, entities).
_PROTECTED = re.compile(
    r"\{[^{}\n]*\}|\{\{.*?\}\}|\{%.*?%\}"
    r"|<[^<>\n]*>"
    r"|\]\([^)\n]*\)|\]\[[^\]\n]*\]"
    r"|`[^`\n]*`"
    r"|https?://\S+"
    r"|&#?\w+;"
)


def pseudo_translate(text: str) -> str:
    """Swap the case of every letter outside protected spans: visibly different, same length,
    and the markup is untouched."""
    pieces, last = [], 0
    for match in _PROTECTED.finditer(text):
        pieces.append(text[last : match.start()].swapcase())
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(text[last:].swapcase())
    return "".join(pieces)


def fill_catalogs(folder: Path) -> int:
    """Give every entry of every PO file under `folder` a pseudo-translation; returns the count."""
    import polib

    filled = 0
    for path in sorted(folder.rglob("*.po")):
        catalog = polib.pofile(str(path), wrapwidth=0)
        for entry in catalog:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                for index in entry.msgstr_plural:
                    entry.msgstr_plural[index] = pseudo_translate(entry.msgid_plural if index else entry.msgid)
            else:
                entry.msgstr = pseudo_translate(entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
        catalog.save()
    return filled


def peak_rss_mb() -> float:
    """This process's peak memory, plus its workers' (see the module docstring)."""
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS
    scale = 1 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 1e6
    return own + worker * len(os.sched_getaffinity(0)) if worker else own


def folder_bytes(folder: Path, suffixes: tuple[str, ...]) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.suffix in suffixes and p.is_file())


def _site(site: Path):
    from i18npub.site.config import load_config
    from i18npub.site.layout import Site

    return Site(load_config(site))


def _forget_records(site: Path, name: str) -> None:
    for record in (site / ".i18npub-cache").glob(f"records-{name}*.json"):
        record.unlink()


# --- phases: each runs in its own process and prints one JSON object ------------------------


def phase_extract(site: Path) -> dict:
    from i18npub.stages.extract import extract_site

    _forget_records(site, "extract")
    loaded = _site(site)
    loaded.articles()  # listing the site is not extracting it
    start = time.perf_counter()
    report = extract_site(loaded)
    seconds = time.perf_counter() - start
    return {"articles": len(report.results), "units": report.units, "errors": len(report.errors),
            "first_errors": [str(e) for e in report.errors[:5]], "seconds": seconds,
            "bytes": folder_bytes(loaded.source_root, (".md", ".markdown")), "peak_rss_mb": peak_rss_mb()}


def phase_translate(site: Path) -> dict:
    start = time.perf_counter()
    filled = fill_catalogs(site / "locales" / TARGET_LANG)
    return {"entries": filled, "seconds": time.perf_counter() - start}


def phase_build(site: Path, after_check: bool = False) -> dict:
    """A build into an empty output folder with no record of its own; with nothing checked, or
    once `check` has run (its findings are the build's, see the module docstring)."""
    from i18npub.stages.build import BuildOptions, build_site

    _forget_records(site, "build")
    if not after_check:
        _forget_records(site, "check")
    loaded = _site(site)
    shutil.rmtree(loaded.config.output_root(TARGET_LANG), ignore_errors=True)
    loaded.articles()
    start = time.perf_counter()
    report = build_site(loaded, BuildOptions(TARGET_LANG))
    seconds = time.perf_counter() - start
    statuses: dict[str, int] = {}
    for result in report.results:
        statuses[result.outcome.value] = statuses.get(result.outcome.value, 0) + 1
    failures = [f"{r.article}: {r.reason}" for r in report.results if r.outcome.value in ("failed", "skipped")]
    return {"articles": len(report.results), "statuses": statuses, "errors": len(report.errors),
            "first_errors": (failures + [str(e) for e in report.errors])[:5], "seconds": seconds,
            "bytes": folder_bytes(loaded.source_root, (".md", ".markdown")), "peak_rss_mb": peak_rss_mb()}


def phase_check(site: Path) -> dict:
    from i18npub.stages.check import check_site

    _forget_records(site, "check")
    loaded = _site(site)
    loaded.articles()
    start = time.perf_counter()
    report = check_site(loaded, [TARGET_LANG])
    seconds = time.perf_counter() - start
    return {"articles": report.catalogs, "errors": report.errors, "warnings": report.warnings, "seconds": seconds,
            "bytes": folder_bytes(loaded.source_root, (".md", ".markdown")), "peak_rss_mb": peak_rss_mb()}


def phase_tt(site: Path) -> dict:
    """md2po then po2md over the site's source folder, one call each for the whole folder."""
    from translate.convert import md2po, po2md

    source = site / "content" / "fr"
    work = site / "tt"
    templates, built = work / "po", work / "out"
    work.mkdir()  # TT creates its output folder but not missing parents
    articles = sum(1 for p in source.rglob("*.markdown"))
    start = time.perf_counter()
    md2po.main(["--progress=none", "--errorlevel=message", "-i", str(source), "-o", str(templates)])
    extract_seconds = time.perf_counter() - start
    entries = fill_catalogs(templates)
    start = time.perf_counter()
    po2md.main(["--progress=none", "--errorlevel=message", "-i", str(templates), "-t", str(source), "-o", str(built)])
    build_seconds = time.perf_counter() - start
    return {"articles": articles, "catalogs": sum(1 for _ in templates.rglob("*.po")),
            "built": sum(1 for _ in built.rglob("*.markdown")), "entries": entries,
            "extract_seconds": extract_seconds, "build_seconds": build_seconds, "peak_rss_mb": peak_rss_mb()}


PHASES = {"extract": phase_extract, "translate": phase_translate, "build": phase_build, "check": phase_check,
          "build_after_check": lambda site: phase_build(site, after_check=True), "tt": phase_tt}


def run_phase(name: str, site: Path) -> dict:
    completed = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--site", str(site)],
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise SystemExit(f"phase {name} failed (exit {completed.returncode}):\n{completed.stderr[-4000:]}")
    # phases may print progress or warnings; the result is the last line
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- orchestration ---------------------------------------------------------------------------


def make_site(folder: Path, articles: int, seed: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate_site import generate

    generate(folder, articles, seed)


def make_corpus_site(folder: Path, copies: int) -> int:
    """The corpus's articles `copies` times over (copy-01/..., same configuration as a generated
    site's); returns the number of articles."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate_site import generate

    folder.mkdir(parents=True)
    generate(folder, 0, 1)  # the configuration alone
    articles = [p for p in CORPUS.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file()]
    for copy in range(copies):
        for path in articles:
            target = folder / "content" / "fr" / f"copy-{copy + 1:02}" / path.relative_to(CORPUS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return len(articles) * copies


def rate(result: dict, seconds: float) -> float:
    return result["articles"] / seconds if seconds else float("inf")


def run_cold(site: Path) -> dict:
    extract = run_phase("extract", site)
    translate = run_phase("translate", site)
    build = run_phase("build", site)
    check = run_phase("check", site)
    after_check = run_phase("build_after_check", site)
    for phase in (extract, build, check, after_check):
        phase["articles_per_s"] = rate(phase, phase["seconds"])
    return {"extract": extract, "pseudo_translate": translate, "build": build, "check": check, "build_after_check": after_check}


# commands run as on a user's machine, where Python caches the modules' bytecode (a regular
# install compiles it, an editable one on first use): some CI images turn that off
_COMMAND_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TRIALS = 3  # incremental runs are timed this many times, and the median reported


def command_seconds(site: Path, *args: str) -> float:
    executable = Path(sys.executable).with_name("i18npub")
    start = time.perf_counter()
    completed = subprocess.run([str(executable), *args], cwd=site, capture_output=True, text=True, env=_COMMAND_ENV)
    seconds = time.perf_counter() - start
    if completed.returncode not in (0, 1):  # 1: some check findings, reported not failed
        raise SystemExit(f"i18npub {' '.join(args)} failed (exit {completed.returncode}):\n{completed.stderr[-4000:]}")
    return seconds


def run_incremental(site: Path) -> dict:
    """Each command once to settle (the pseudo-translation changed every catalog after the cold
    extract, and a run after a cold one reads back what that one wrote), then with nothing
    changed, then after one article's source was edited; the last two `TRIALS` times each
    (another article edited each time), their median reported."""
    commands = {"extract": ["extract"], "build": ["build", "--lang", TARGET_LANG], "check": ["check", "--lang", TARGET_LANG],
                "status": ["status", "--lang", TARGET_LANG]}
    out: dict[str, dict] = {name: {} for name in commands}
    for name, args in commands.items():
        out[name]["settling"] = command_seconds(site, *args)
        out[name]["first_no_op"] = command_seconds(site, *args)  # compares what settling just wrote
        out[name]["no_op_runs"] = [command_seconds(site, *args) for _ in range(TRIALS)]
    articles = sorted((site / "content" / "fr").rglob("*.markdown"))
    for name in commands:
        out[name]["one_edit_runs"] = []
    for trial in range(TRIALS):
        with open(articles[(trial + 1) * len(articles) // (TRIALS + 1)], "a", encoding="utf-8") as handle:
            handle.write("\n\nUn paragraphe ajouté pour le banc d’essai.\n")
        for name, args in commands.items():  # in the order of the workflow: the edit reaches each
            out[name]["one_edit_runs"].append(command_seconds(site, *args))
    for times in out.values():
        times["no_op"] = statistics.median(times["no_op_runs"])
        times["one_edit"] = statistics.median(times["one_edit_runs"])
    return out


def run_tt_comparison(work: Path, copies: int) -> dict:
    site = work / "corpus"
    articles = make_corpus_site(site, copies)
    ours = run_cold(site)
    theirs = run_phase("tt", site)
    theirs["extract_articles_per_s"] = theirs["articles"] / theirs["extract_seconds"]
    theirs["build_articles_per_s"] = theirs["articles"] / theirs["build_seconds"]
    return {
        "translate_toolkit_version": metadata.version("translate-toolkit"),
        "articles": articles,
        "i18npub": ours,
        "translate_toolkit": theirs,
        # how many times faster i18npub is per article
        "ratio_extract": ours["extract"]["articles_per_s"] / theirs["extract_articles_per_s"],
        "ratio_build": ours["build"]["articles_per_s"] / theirs["build_articles_per_s"],
        "ratio_build_after_check": ours["build_after_check"]["articles_per_s"] / theirs["build_articles_per_s"],
    }


def file_creation_us(folder: Path, files: int = 500) -> float:
    """Microseconds to create, write and close one small new file in `folder`: what every cold
    phase pays once or twice an article, and what this machine's disk makes vary (from tens of
    microseconds to a millisecond, from one hour to the next and from one folder to another)."""
    probe = folder / "file-creation-probe"
    probe.mkdir()
    start = time.perf_counter()
    for number in range(files):
        (probe / f"f{number}").write_bytes(b"x" * 4000)
    seconds = time.perf_counter() - start
    shutil.rmtree(probe)
    return seconds / files * 1e6


def verdict(ok: bool) -> str:
    return "ok" if ok else "BELOW TARGET"


def summary(result: dict) -> str:
    cold = result["cold"]
    lines = [
        f"i18npub benchmark: {cold['extract']['articles']} articles, {cold['extract']['bytes'] / 1e6:.1f} MB of Markdown "
        f"({result['site']}), {result['cores']} cores",
        f"creating a file in {result['folder']}: {result['file_creation_us'][0]:.0f} µs before, {result['file_creation_us'][1]:.0f} µs after",
        "",
        f"{'cold':<18}{'seconds':>9}{'articles/s':>12}{'peak MB':>9}  verdict (>= {TARGET_RATE:g} articles/s, <= {TARGET_PEAK_MB:g} MB)",
    ]
    for name in ("extract", "build", "check", "build_after_check"):
        phase = cold[name]
        ok = phase["peak_rss_mb"] <= TARGET_PEAK_MB and (name == "check" or phase["articles_per_s"] >= TARGET_RATE)
        shown = name.replace("_", " ")
        lines.append(f"{shown:<18}{phase['seconds']:>9.2f}{phase['articles_per_s']:>12.0f}{phase['peak_rss_mb']:>9.0f}  {verdict(ok)}")
    lines.append(f"(extract: {cold['extract']['units']} units, {cold['extract']['errors']} errors; build: {cold['build']['statuses']}; "
                 f"check: {cold['check']['errors']} errors, {cold['check']['warnings']} warnings; "
                 f"{cold['pseudo_translate']['entries']} entries pseudo-translated, not timed)")
    for name in ("extract", "build"):
        for message in cold[name]["first_errors"]:
            lines.append(f"  {name} problem: {message}")
    incremental = result["incremental"]
    lines += ["", f"{'command':<10}{'settling s':>11}{'1st no-op s':>12}{'no-op s':>9}{'one edit s':>11}  verdict (< {TARGET_INCREMENTAL_S:g} s, start-up included; "
                  f"medians of {TRIALS})"]
    for name, times in incremental.items():
        ok = times["no_op"] < TARGET_INCREMENTAL_S and times["one_edit"] < TARGET_INCREMENTAL_S
        lines.append(f"{name:<10}{times['settling']:>11.2f}{times['first_no_op']:>12.2f}{times['no_op']:>9.2f}{times['one_edit']:>11.2f}  {verdict(ok)}")
    tt = result.get("translate_toolkit")
    if tt:
        ours, theirs = tt["i18npub"], tt["translate_toolkit"]
        lines += [
            "",
            f"Translate Toolkit {tt['translate_toolkit_version']} and i18npub on the same {tt['articles']} corpus articles "
            f"(cold, one in-process call per folder):",
            f"{'':<18}{'i18npub art/s':>15}{'TT art/s':>10}{'ratio':>8}  verdict (>= {TARGET_RATIO:g}x)",
            f"{'extract / md2po':<18}{ours['extract']['articles_per_s']:>15.0f}{theirs['extract_articles_per_s']:>10.0f}"
            f"{tt['ratio_extract']:>7.1f}x  {verdict(tt['ratio_extract'] >= TARGET_RATIO)}",
            f"{'build / po2md':<18}{ours['build']['articles_per_s']:>15.0f}{theirs['build_articles_per_s']:>10.0f}"
            f"{tt['ratio_build']:>7.1f}x  {verdict(tt['ratio_build'] >= TARGET_RATIO)}",
            f"{'  after check':<18}{ours['build_after_check']['articles_per_s']:>15.0f}{theirs['build_articles_per_s']:>10.0f}"
            f"{tt['ratio_build_after_check']:>7.1f}x  {verdict(tt['ratio_build_after_check'] >= TARGET_RATIO)}",
            f"(TT: {theirs['catalogs']} PO files, {theirs['built']} articles rebuilt, peak {theirs['peak_rss_mb']:.0f} MB; "
            f"i18npub: build {ours['build']['statuses']}, peaks {ours['extract']['peak_rss_mb']:.0f} / {ours['build']['peak_rss_mb']:.0f} MB)",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000, help="articles of the generated site")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--copies", type=int, default=20, help="copies of the corpus for the Translate Toolkit comparison")
    parser.add_argument("--no-tt", action="store_true", help="skip the Translate Toolkit comparison")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--keep", action="store_true", help="keep the working folder and print its path")
    parser.add_argument("--dir", type=Path, help="make the working folder in this folder (default: the system's temporary one)")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help=argparse.SUPPRESS)  # a phase's site
    args = parser.parse_args(argv)

    if args.phase:
        print(json.dumps(PHASES[args.phase](args.site)))
        return 0

    work = Path(tempfile.mkdtemp(prefix="i18npub-bench-", dir=args.dir))
    try:
        site = work / "site"
        make_site(site, args.articles, args.seed)
        result: dict = {"site": f"generated, {args.articles} articles, seed {args.seed}", "cores": len(os.sched_getaffinity(0)),
                        "folder": str(work.parent), "file_creation_us": [file_creation_us(work)]}
        result["cold"] = run_cold(site)
        result["incremental"] = run_incremental(site)
        if not args.no_tt and args.copies > 0 and CORPUS.is_dir():
            result["translate_toolkit"] = run_tt_comparison(work, args.copies)
        result["file_creation_us"].append(file_creation_us(work))
        print(summary(result))
        if args.json:
            args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"working folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
