"""Machine-drafting throughput: 2,000 units against a LibreTranslate-compatible server, or an
OpenAI-compatible chat-completion server (`--provider openai`), on 127.0.0.1 that answers each
request after a fixed latency (50 ms by default).

    .venv/bin/python benchmarks/bench_translate.py [--provider libre|openai] [--units 2000] [--latency 0.05] [--parallel 4] [--json OUT]

The server is the test suite's fake of that service (tests/mt_fakes.py), in its own process.
The first run drafts every unit; the report compares its wall time with the latency bound
(requests × latency ÷ parallel requests: what the requests alone must cost), and gives the
requests sent and texts per request. The second run redrafts everything (`--retranslate-fuzzy`)
and must be answered entirely by the cache: zero requests.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate_site  # noqa: E402  the synthetic site's prose and markup

from i18npub.core.catalog import Catalog, Entry  # noqa: E402
from i18npub.site.config import init_config, load_config  # noqa: E402
from i18npub.core.pofile import render_catalog  # noqa: E402
from i18npub.site.layout import Site  # noqa: E402
from i18npub.stages.translate import TranslateOptions, translate_site  # noqa: E402

UNITS_PER_ARTICLE = 50


def units(count: int, seed: int) -> list[str]:
    """Unique units shaped like the site's: paragraphs (links, bold, IALs, hard breaks), single
    sentences and list items."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < count:
        roll = rng.random()
        text = generate_site.paragraph(rng) if roll < 0.6 else generate_site.sentence(rng)
        seen.setdefault(text, None)
    return list(seen)


def make_site(root: Path, texts: list[str], parallel: int) -> None:
    init_config(root, "fr", ["en"])
    for start in range(0, len(texts), UNITS_PER_ARTICLE):
        name = f"article-{start // UNITS_PER_ARTICLE:03d}"
        (root / "content" / "fr").mkdir(parents=True, exist_ok=True)
        (root / "content" / "fr" / f"{name}.md").write_text("texte\n", encoding="utf-8")
        entries = [Entry(msgid=t, locations=[(f"{name}.md", i + 1)]) for i, t in enumerate(texts[start : start + UNITS_PER_ARTICLE])]
        catalog = Catalog(header={"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}, entries=entries)
        path = root / "locales" / "en" / f"{name}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_catalog(catalog), encoding="utf-8")
    toml = root / "i18npub.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("parallel = 4", f"parallel = {parallel}"), encoding="utf-8")


# each provider's fake, and the path of its API under the server's address
FAKES = {"libre": ("FakeLibre", ""), "openai": ("FakeOpenAI", "/v1")}


@contextlib.contextmanager
def _server(provider: str, latency: float) -> Iterator[str]:
    """The fake in a process of its own, as a real server would be: its work must not compete
    with ours for the interpreter lock."""
    fake, path = FAKES[provider]
    code = (
        f"import sys, time; from mt_fakes import {fake}, Modes\n"
        f"with {fake}(Modes(delay={latency!r})) as fake:\n"
        f"    print(fake.url + {path!r}, flush=True)\n"
        "    sys.stdin.read()\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent / "tests"), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", choices=sorted(FAKES), default="libre")
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    texts = units(args.units, args.seed)
    with tempfile.TemporaryDirectory() as folder, _server(args.provider, args.latency) as url:
        root = Path(folder)
        make_site(root, texts, args.parallel)
        config = load_config(root)
        options = TranslateOptions(lang="en", provider=args.provider, url=url, model="bench-model")
        start = time.perf_counter()
        first = translate_site(Site(config), options)
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        second = translate_site(Site(config), dataclasses.replace(options, retranslate_fuzzy=True))
        rerun = time.perf_counter() - start
    requests, texts_sent = first.stats.requests, first.stats.texts_sent
    bound = requests * args.latency / args.parallel
    result = {
        "provider": args.provider,
        "units": len(texts),
        "drafted": first.drafted,
        "rejected": len(first.rejected),
        "characters": sum(len(t) for t in texts),
        "parallel": args.parallel,
        "latency_s": args.latency,
        "requests": requests,
        "texts_per_request": round(texts_sent / requests, 1) if requests else 0,
        "seconds": round(elapsed, 3),
        "latency_bound_s": round(bound, 3),
        "ratio_to_bound": round(elapsed / bound, 3) if bound else None,
        "second_run_requests": second.stats.requests,
        "second_run_cache_hit_rate": round(second.stats.hit_rate, 4),
        "second_run_drafted": second.drafted,
        "second_run_seconds": round(rerun, 3),
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
