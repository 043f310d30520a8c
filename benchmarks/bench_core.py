"""Benchmark i18npub's whole-site extract and build, and compare with Translate Toolkit.

    python benchmarks/bench_core.py [--site DIR | --articles 10000 --seed 1]
                                    [--tt-articles 500 | --no-tt] [--json OUT] [--keep]

Each phase runs in a fresh Python process so that its peak memory (ru_maxrss) is its own;
inside that process one call handles the whole site, and only that call is timed (interpreter
start-up and imports are not). Phases:

  extract   i18npub.project.extract_site(config) on a site with no catalogs yet
  build     i18npub.project.build_site(config, "en") after every locales/en PO entry got a
            pseudo-translation, so that build really splices translations into every unit
  tt        Translate Toolkit's md2po then po2md, in-process through their `main(argv)` (what
            `python -m translate.convert.md2po -i DIR -o DIR` runs, minus start-up), one call
            for the whole folder, on a subset of the articles; i18npub's extract and build run
            on the very same subset so that the speed ratio compares like with like.

Targets: at least 600 articles/s for extract and for build, peak memory at most 300 MB.
"""

from __future__ import annotations

import argparse
import json
from importlib import metadata
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATE = 600.0  # articles per second, for each of extract and build
TARGET_PEAK_MB = 300.0
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
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def folder_bytes(folder: Path, suffixes: tuple[str, ...]) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.suffix in suffixes and p.is_file())


# --- phases: each runs in its own process and prints one JSON object ------------------------


def phase_extract(site: Path) -> dict:
    from i18npub.site.config import load_config
    from i18npub.site.layout import Site
    from i18npub.stages.extract import extract_site

    config = load_config(site)
    source_bytes = folder_bytes(config.source_root, (".md", ".markdown"))
    baseline = peak_rss_mb()
    start = time.perf_counter()
    report = extract_site(Site(config))
    seconds = time.perf_counter() - start
    return {
        "articles": len(report.results),
        "units": report.units,
        "errors": len(report.errors),
        "first_errors": [str(e) for e in report.errors[:5]],
        "seconds": seconds,
        "bytes": source_bytes,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_translate(site: Path) -> dict:
    start = time.perf_counter()
    filled = fill_catalogs(site / "locales" / TARGET_LANG)
    return {"entries": filled, "seconds": time.perf_counter() - start}


def phase_build(site: Path, force: bool = False) -> dict:
    """build_site into an empty output folder; with `force`, as `build --force`, which publishes
    without running the checks (the splice alone)."""
    import shutil

    from i18npub.site.config import load_config
    from i18npub.site.layout import Site
    from i18npub.stages.build import BuildOptions, build_site

    config = load_config(site)
    shutil.rmtree(config.output_root(TARGET_LANG), ignore_errors=True)
    source_bytes = folder_bytes(config.source_root, (".md", ".markdown"))
    baseline = peak_rss_mb()
    start = time.perf_counter()
    report = build_site(Site(config), BuildOptions(TARGET_LANG, force=force))
    seconds = time.perf_counter() - start
    statuses = {}
    for result in report.results:
        statuses[result.outcome.value] = statuses.get(result.outcome.value, 0) + 1
    failures = [f"{r.article}: {r.reason}" for r in report.results if r.outcome.value in ("failed", "skipped")]
    return {
        "articles": len(report.results),
        "statuses": statuses,
        "errors": len(report.errors),
        "first_errors": (failures + [str(e) for e in report.errors])[:5],
        "seconds": seconds,
        "bytes": source_bytes,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_tt(site: Path) -> dict:
    """md2po then po2md over the site's source folder, one call each for the whole folder."""
    from translate.convert import md2po, po2md

    source = site / "content" / "fr"
    work = site / "tt"
    templates, built = work / "po", work / "out"
    work.mkdir()  # TT creates its output folder but not missing parents
    articles = sum(1 for p in source.rglob("*.markdown"))
    source_bytes = folder_bytes(source, (".md", ".markdown"))
    baseline = peak_rss_mb()
    start = time.perf_counter()
    md2po.main(["--progress=none", "--errorlevel=message", "-i", str(source), "-o", str(templates)])
    extract_seconds = time.perf_counter() - start
    entries = fill_catalogs(templates)
    start = time.perf_counter()
    po2md.main(["--progress=none", "--errorlevel=message", "-i", str(templates), "-t", str(source), "-o", str(built)])
    build_seconds = time.perf_counter() - start
    return {
        "articles": articles,
        "catalogs": sum(1 for _ in templates.rglob("*.po")),
        "built": sum(1 for _ in built.rglob("*.markdown")),
        "entries": entries,
        "bytes": source_bytes,
        "extract_seconds": extract_seconds,
        "build_seconds": build_seconds,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_build_force(site: Path) -> dict:
    return phase_build(site, force=True)


PHASES = {
    "extract": phase_extract,
    "translate": phase_translate,
    "build": phase_build,
    "build_force": phase_build_force,
    "tt": phase_tt,
}


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


def make_subset_site(site: Path, folder: Path, count: int) -> int:
    """Copy `count` articles spread evenly over the site (same size mix) into a new site."""
    from i18npub.site.config import CONFIG_NAME, load_config

    config = load_config(site)
    articles = config.articles()
    step = max(1, len(articles) // count) if count else 1
    chosen = articles[::step][:count]
    for article in chosen:
        target = folder / "content" / "fr" / article
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(config.source_root / article, target)
    shutil.copyfile(site / CONFIG_NAME, folder / CONFIG_NAME)
    return len(chosen)


def rates(result: dict, seconds: float) -> dict:
    return {
        "articles_per_s": result["articles"] / seconds if seconds else float("inf"),
        "mb_per_s": result["bytes"] / 1e6 / seconds if seconds else float("inf"),
    }


def verdict(ok: bool) -> str:
    return "ok" if ok else "BELOW TARGET"


def run_core(site: Path) -> dict:
    extract = run_phase("extract", site)
    extract.update(rates(extract, extract["seconds"]))
    translate = run_phase("translate", site)
    build = run_phase("build", site)
    build.update(rates(build, build["seconds"]))
    build_force = run_phase("build_force", site)
    build_force.update(rates(build_force, build_force["seconds"]))
    return {"extract": extract, "pseudo_translate": translate, "build": build, "build_force": build_force}


def run_tt_comparison(site: Path, work: Path, count: int) -> dict:
    subset = work / "subset"
    chosen = make_subset_site(site, subset, count)
    ours = run_core(subset)
    theirs = run_phase("tt", subset)
    theirs["extract_articles_per_s"] = theirs["articles"] / theirs["extract_seconds"]
    theirs["build_articles_per_s"] = theirs["articles"] / theirs["build_seconds"]
    return {
        "translate_toolkit_version": metadata.version("translate-toolkit"),
        "articles": chosen,
        "i18npub": ours,
        "translate_toolkit": theirs,
        # how many times faster i18npub is per article (seconds per article, TT / i18npub)
        "ratio_extract": ours["extract"]["articles_per_s"] / theirs["extract_articles_per_s"],
        "ratio_build": ours["build"]["articles_per_s"] / theirs["build_articles_per_s"],
    }


def summary(result: dict) -> str:
    core = result["core"]
    lines = [
        f"i18npub benchmark: {core['extract']['articles']} articles, "
        f"{core['extract']['bytes'] / 1e6:.1f} MB of Markdown ({result['site']})",
        "",
        f"{'phase':<12}{'seconds':>9}{'articles/s':>12}{'MB/s':>8}{'peak MB':>9}  verdict "
        f"(targets: >= {TARGET_RATE:g} articles/s, <= {TARGET_PEAK_MB:g} MB)",
    ]
    for name in ("extract", "build", "build_force"):
        phase = core[name]
        ok = phase["articles_per_s"] >= TARGET_RATE and phase["peak_rss_mb"] <= TARGET_PEAK_MB
        lines.append(
            f"{name:<12}{phase['seconds']:>9.2f}{phase['articles_per_s']:>12.0f}{phase['mb_per_s']:>8.2f}"
            f"{phase['peak_rss_mb']:>9.0f}  {verdict(ok)}"
        )
    lines.append(
        f"(extract: {core['extract']['units']} units, {core['extract']['errors']} errors; "
        f"build: {core['build']['statuses']}, {core['build']['errors']} errors; "
        f"{core['pseudo_translate']['entries']} PO entries pseudo-translated in "
        f"{core['pseudo_translate']['seconds']:.1f} s, not timed)"
    )
    for name in ("extract", "build"):
        for message in core[name]["first_errors"]:
            lines.append(f"  {name} problem: {message}")
    tt = result.get("translate_toolkit")
    if tt:
        ours, theirs = tt["i18npub"], tt["translate_toolkit"]
        lines += [
            "",
            f"Translate Toolkit {tt['translate_toolkit_version']} vs i18npub on the same {tt['articles']} articles "
            "(one in-process call per folder):",
            f"{'':<22}{'i18npub art/s':>15}{'TT art/s':>10}{'ratio':>8}",
            f"{'extract / md2po':<22}{ours['extract']['articles_per_s']:>15.0f}"
            f"{theirs['extract_articles_per_s']:>10.0f}{tt['ratio_extract']:>7.1f}x",
            f"{'build / po2md':<22}{ours['build']['articles_per_s']:>15.0f}"
            f"{theirs['build_articles_per_s']:>10.0f}{tt['ratio_build']:>7.1f}x",
            f"{'build --force / po2md':<22}{ours['build_force']['articles_per_s']:>15.0f}"
            f"{theirs['build_articles_per_s']:>10.0f}{ours['build_force']['articles_per_s'] / theirs['build_articles_per_s']:>7.1f}x",
            f"(TT: {theirs['catalogs']} PO files, {theirs['built']} articles rebuilt, "
            f"peak {theirs['peak_rss_mb']:.0f} MB; i18npub peaks {ours['extract']['peak_rss_mb']:.0f} / "
            f"{ours['build']['peak_rss_mb']:.0f} MB)",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing generated site (with no locales/ yet)")
    parser.add_argument("--articles", type=int, default=10000, help="articles to generate without --site")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tt-articles", type=int, default=500, help="articles for the Translate Toolkit comparison")
    parser.add_argument("--no-tt", action="store_true", help="skip the Translate Toolkit comparison")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--keep", action="store_true", help="keep the working folder and print its path")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        print(json.dumps(PHASES[args.phase](args.site)))
        return 0

    work = Path(tempfile.mkdtemp(prefix="i18npub-bench-"))
    try:
        site = work / "site"
        if args.site:
            if (args.site / "locales").exists():
                parser.error(f"{args.site} already has locales/: extract must start from no catalogs")
            shutil.copytree(args.site, site)  # extract and build write into the site
        else:
            make_site(site, args.articles, args.seed)
        result = {"site": str(args.site or f"generated, {args.articles} articles, seed {args.seed}")}
        result["core"] = run_core(site)
        if not args.no_tt and args.tt_articles > 0:
            result["translate_toolkit"] = run_tt_comparison(site, work, args.tt_articles)
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
