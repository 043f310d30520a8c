"""Time per KB of every entry point on adversarial text, at 10 KB and at 100 KB.

    python benchmarks/bench_adversarial.py [--sizes 10 100] [--json OUT]

A pattern or a scan that is not linear shows as a time per KB that grows with the size: the
table prints both sizes and their ratio for each entry point and each adversarial unit (long
runs of one piece of markup that opens and never closes, or of spaces and line breaks). A
ratio near 1 is linear; the verdict column flags any above `MAX_RATIO`.

Entry points: the tokenizer's three readings, an article's parse (front matter and segmenting),
its render with every unit translated, the check of one entry, the check of an article in
context, the masking of machine translation, the PO reader and writer (the text as a msgstr),
and the front-matter reader (the text as a YAML value).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ADVERSARIAL = [
    " ", "\n", "\r", "<!--", "{{", "{%", "[", "![", "*", "_", "`", "``a", "{:", "[^", "](", "](<",
    '<a b="', "<a ", "&", "&#", "\\", "a@", "|", "~~", "http://", "www.", "> ", "* ", "#", "-->",
    "[^a]:", "\n[^a]: [", "{a=", "{ .a", "](/a\n",
]
MAX_RATIO = 2.0  # time per KB at the largest size over the smallest: linear stays near 1
REPEAT_SECONDS = 0.3  # each measurement repeats its call for at least this long


def text_of(unit: str, kb: int) -> str:
    size = kb * 1000
    return ("Voir le site " + unit * (size // len(unit) + 1))[:size]


def entry_points() -> dict[str, Callable[[str], object]]:
    from i18npub.core.article import article_findings, parse, render
    from i18npub.core.catalog import Catalog, Entry
    from i18npub.core.checks import Policy, check_entry
    from i18npub.core.frontmatter import locate, read
    from i18npub.core.markup import tokenize
    from i18npub.core.masking import mask
    from i18npub.core.pofile import parse_catalog, render_catalog

    def article(text: str) -> object:
        return parse(text, "a.md", [], [])

    def rendered(text: str) -> object:
        parsed = parse(text, "a.md", [], [])
        return render(parsed, {p.key: p.key[1] for p in parsed.units}, {})

    def in_context(text: str) -> object:
        parsed = parse(text, "a.md", [], [])
        entries = [Entry(p.key[1], p.key[1] + " x", msgctxt=p.key[0]) for p in parsed.units]
        return article_findings(parsed, entries, "a.po", Policy())

    def catalog(text: str) -> object:
        po = render_catalog(Catalog(entries=[Entry("source", text)]))
        return parse_catalog(po, "a.po")

    def front_matter(text: str) -> object:
        document = '---\ntitle: "' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"\n---\n'
        return read(document, locate(document, "a.md"), ["title"], "a.md")

    return {
        "tokenize (Markdown)": lambda text: tokenize(text),
        "tokenize (raw HTML)": lambda text: tokenize(text, markdown=False),
        "tokenize (exposed)": lambda text: tokenize(text, lines=False, exposed=True),
        "parse article": article,
        "render article": rendered,
        "check entry": lambda text: check_entry(Entry(text, text + "x")),
        "check article": in_context,
        "mask": mask,
        "PO write + read": catalog,
        "front matter": front_matter,
    }


def microseconds_per_kb(call: Callable[[str], object], text: str) -> float:
    runs, start = 0, time.perf_counter()
    while True:
        call(text)
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= REPEAT_SECONDS:
            return elapsed / runs / (len(text) / 1000) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[10, 100], metavar=("SMALL_KB", "LARGE_KB"))
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = parser.parse_args(argv)
    small, large = args.sizes
    points = entry_points()
    results, worst = [], 0.0
    print(f"{'entry point':<22}{'unit':<10}{f'µs/KB @{small}':>12}{f'µs/KB @{large}':>13}{'ratio':>7}")
    for name, call in points.items():
        for unit in ADVERSARIAL:
            at_small = microseconds_per_kb(call, text_of(unit, small))
            at_large = microseconds_per_kb(call, text_of(unit, large))
            ratio = at_large / at_small
            worst = max(worst, ratio)
            results.append({"entry_point": name, "unit": unit, "small_us_per_kb": at_small, "large_us_per_kb": at_large, "ratio": ratio})
            flag = "" if ratio <= MAX_RATIO else "  NOT LINEAR"
            print(f"{name:<22}{unit!r:<10}{at_small:>12.1f}{at_large:>13.1f}{ratio:>7.2f}{flag}")
    print(f"\nworst ratio {worst:.2f} ({'linear' if worst <= MAX_RATIO else 'NOT LINEAR'}: at most {MAX_RATIO:g} allowed)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if worst <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
