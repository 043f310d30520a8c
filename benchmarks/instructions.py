"""CPU instructions per article for extract and build, counted by valgrind's callgrind.

    python benchmarks/instructions.py [--articles 200] [--seed 1]

Wall-clock rates on a shared 2-core machine drift by a third within an hour; instruction counts
do not, so this is the figure to compare two versions of the code with. Each phase runs twice
under callgrind in a fresh process, once on N articles and once on none, and the difference is
divided by N: interpreter start-up, imports and what is prepared on first use (warmed up in
both) cancel out. The site is generated and pseudo-translated by `bench_core.py`'s own
functions, in a folder under $TMPDIR. The background writer thread is counted too.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_core import TARGET_LANG, fill_catalogs, make_site  # noqa: E402

CHILD = """
import sys
from pathlib import Path
from i18npub.site.config import load_config
from i18npub.site.layout import Site
from i18npub.stages.build import BuildOptions, build_site
from i18npub.stages.extract import extract_site
from i18npub.stages import pool
pool.PARALLEL_FROM = sys.maxsize  # all in this process: callgrind does not follow the workers
from i18npub.core.linebreak import line_breaks
line_breaks("warm", 79, 0, set())  # what is prepared on first use, in both runs: it cancels out too
site, phase, count = Site(load_config(Path(sys.argv[1]))), sys.argv[2], int(sys.argv[3])
articles = site.articles()[:count]
if phase == "extract":
    extract_site(site, articles=articles)
else:
    build_site(site, BuildOptions(sys.argv[4]), articles=articles)
"""


def instructions(site: Path, phase: str, count: int) -> int:
    """Instructions callgrind counts for one child process handling `count` articles."""
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", CHILD, str(site), phase, str(count), TARGET_LANG],
        capture_output=True, text=True, check=True,
    )
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))


def per_article(site: Path, phase: str, count: int) -> int:
    return (instructions(site, phase, count) - instructions(site, phase, 0)) // count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="i18npub-instructions-") as work:
        site = Path(work) / "site"
        make_site(site, args.articles, args.seed)
        extract = per_article(site, "extract", args.articles)  # from no catalogs; it leaves them written
        fill_catalogs(site / "locales" / TARGET_LANG)
        build = per_article(site, "build", args.articles)
    print(f"{args.articles} generated articles (seed {args.seed}), instructions per article:")
    print(f"  extract {extract / 1e6:.2f} M")
    print(f"  build   {build / 1e6:.2f} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
