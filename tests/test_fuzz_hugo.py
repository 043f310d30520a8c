"""The fuzz of tests/test_fuzz_rendering.py against Hugo: the same generated articles and
attacker's edits, with CommonMark's and goldmark's own constructs added (lazy continuation lines,
HTML blocks of each kind, link reference definitions, angle-bracket destinations, escapes and
entities in targets, setext underlines, heading attributes, bare addresses that goldmark links,
shortcodes), built as a Hugo site builds them: Markdown by goldmark with Hugo's defaults
(typographer, linkify, heading attributes, footnotes, definition lists, tables, strikethrough,
task lists) and raw HTML kept (`unsafe = true`, which a site whose articles hold `<figure>`
needs), translated headings given their source's ids, and a layout that prints the title and
the description (`markdownify`) as the example site's does. Every translated article the checks
pass must have no harm, as test_security.py counts it, that its source lacks; nor may it stop the
site's build.

All the cases' pages are built by one `hugo` run per batch. `I18NPUB_FUZZ` and
`I18NPUB_FUZZ_SEED` choose the cases, as for kramdown.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from test_fuzz_rendering import BLOCKS, DANGERS, FRAGMENTS, Dialect, described, harmful_passes, judged
from test_security import SITE_HOST, Page, built_page_harm

from i18npub.core.article import parse
from i18npub.site.config import DEFAULT_MARKDOWN_KEYS, DEFAULT_PROSE_KEYS

HUGO_CONFIG = f"""baseURL = "https://{SITE_HOST}/"
disableKinds = ["home", "section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""
LAYOUT = "<h1>{{ .Title }}</h1>\n{{ with .Description }}{{ . | markdownify }}{{ end }}\n{{ .Content }}\n"
BUILD_STOPPED = Counter({("build", "stopped"): 1})
SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}|\{\{[<%]", re.S)  # or an opener left unclosed (which stops the build)


def _danger(r) -> str:
    return r.choice(DANGERS)


GOLDMARK_BLOCKS = [
    lambda r: f"> Une citation qui continue\nsans chevron, avec `{_danger(r)}`.",
    lambda r: f"- Un point qui continue\nsans retrait, avec `{_danger(r)}`.",
    lambda r: f"<pre>\n{html.escape(_danger(r))}\n</pre>\n\nLe bloc ci-dessus montre du code.",
    lambda r: f"<!-- à ne pas écrire : {_danger(r)} -->\nUn paragraphe après le commentaire.",
    lambda r: f"<![CDATA[ {_danger(r)} ]]>\n\nUn paragraphe après les données.",
    lambda r: f"<details>\n<summary>Un résumé</summary>\n\nUn texte caché avec `{_danger(r)}`.\n\n</details>",
    lambda r: "<div class=\"encadre\">\n\nUn encadré en *Markdown*.\n\n</div>",
    lambda r: "<x-note>\nUne note dans un élément à part.\n</x-note>",
    lambda r: f"Choisissez une <option>valeur</option> dans la liste, par exemple `{_danger(r)}`.",
    lambda r: "Un <b>mot</b> en gras et <span title=\"`x`\">un autre</span> au milieu.",
    lambda r: "Lisez [le guide][guide] avant de commencer.\n\n[guide]: https://www.numerique.gouv.fr/guide/ \"Le guide\"",
    lambda r: "Voir [la page](</actualites/une page/> \"Une page\") et <https://www.numerique.gouv.fr/aide/>.",
    lambda r: f"Échappez \\*ceci\\*, \\<b\\> et \\[ceci\\](x), pas `{_danger(r)}`.",
    lambda r: "Voir [le lien](/a&amp;b/?c=d&amp;e) et &copy; 2024, &#60;b&#62; et &lt;i&gt;.",
    lambda r: "Un titre souligné\n=================\n\nUn sous-titre souligné\n----------------------",
    lambda r: "## Un titre de section {.important #ancre}",
    lambda r: "### Un autre titre {#autre}",
    lambda r: "Voir www.numerique.gouv.fr/guide ou https://www.numerique.gouv.fr/aide, et contact@numerique.gouv.fr.",
    lambda r: f"{{{{< highlight html >}}}}\n{_danger(r)}\n{{{{< /highlight >}}}}",
    lambda r: f"Le code {{{{< highlight html >}}}}{_danger(r)}{{{{< /highlight >}}}} est à éviter.",
    lambda r: 'Voir [le plan]({{< ref "plan" >}}) du site.',
    # on two lines, so never a description: `markdownify` cannot run these shortcodes (hugo fails)
    lambda r: 'Une figure :\n{{< figure src="/img/a.png" alt="Une image" caption="Une *légende*" >}}',
    lambda r: "Le site s’appelle\n{{< param title >}} ici.",
    lambda r: f"| Commande | Effet |\n|---|---|\n| `a \\| b` | `{_danger(r)}` |",
    lambda r: f"~~~html\n{_danger(r)}\n~~~",
    lambda r: f"Un terme\n: Sa définition, avec `{_danger(r)}`.",
    lambda r: "- [ ] une tâche à faire\n- [x] une tâche faite",
    lambda r: "Un texte ~~barré~~, des \"guillemets\" -- et des points...",
    lambda r: "Une ligne\\\npuis la suivante,  \net une autre.",
    lambda r: f"1. Une étape :\n\n       {_danger(r)}\n\n2. Une autre étape.",
    lambda r: f"Une note[^n] en bas de page.\n\n[^n]: Le texte de la note, avec `{_danger(r)}`.",
]

GOLDMARK_FRAGMENTS = [
    "<pre>", "</pre>", "<textarea>", "<script>", "<style>", "<!-- ", "<?", "?>", "<!A ", "<![CDATA[", "]]>",
    "<details>", "</details>", "<summary>", "<option>", "\n<option>", "\n<div>\n", "\n</div>\n", "<x-note>", "\n<b>\n",
    "\n[guide]: ", "]: ", "[guide]", "](<", ">)", "<>", "\\", "\\\n", "&amp;", "&#x6A;", "&colon;", "&#58;", "&quot;",
    "\n===", "\n---", "\n***\n", "{.x}", " {#x}", ' {onclick="alert(1)"}', " {.c onclick=x}", ' {style="x"}',
    "www.", "https://", "www.evil.example", "evil.example", "x@evil.example", "@", "~~~", "\n~~~\n", "~~",
    "{{< highlight html >}}", "{{< /highlight >}}", "{{< / highlight >}}", "{{<", ">}}", "{{%", "%}}", '{{< ref "plan" >}}',
    "[ ] ", "\n- [ ] ", "\n1) ", "\n+ ", "\n* ", "\n   ", "\n       ", "\n\t", "\r", "\r\n",
    "java&#x73;cript:alert(1)", "javascript&colon;alert(1)", "javascript\\:alert(1)", "<javascript:alert(1)>", "(<javascript:alert(1)>)",
]

GOLDMARK = Dialect(BLOCKS + GOLDMARK_BLOCKS, FRAGMENTS + GOLDMARK_FRAGMENTS, "description", heading_style="goldmark")

# the pages one `hugo` run builds
BATCH = 2000
_STOPPED_PAGE = re.compile(r"content/(p\d+)\.md\b")
# goldmark's task lists make `[ ]` and `[x]` in a list item's text a disabled checkbox, an input
# with nothing a translation can set: not harm
_TASK_CHECKBOX = re.compile(r'<input (?:checked="" )?disabled="" type="checkbox">')


def hugo_harms(texts: list[str], folder: Path) -> list[Counter[tuple[str, str]]]:
    """The harm of each article as a Hugo site built by the real `hugo` shows it (the body and the
    description, which `markdownify` reads, run shortcodes); an article that stops the build has
    BUILD_STOPPED added."""
    harms = []
    for start in range(0, len(texts), BATCH):
        batch = texts[start : start + BATCH]
        names = [f"p{number:05d}" for number in range(len(batch))]
        built = _built(dict(zip(names, batch)), folder / f"batch{start // BATCH}")
        for name, text in zip(names, batch):
            page = Page.of(text, "description")
            found = built_page_harm(page, _TASK_CHECKBOX.sub("", built[name] or ""), SHORTCODE.findall(f"{page.body}\n{page.chapeau}"))
            harms.append(found + BUILD_STOPPED if built[name] is None else found)
    return harms


def _built(pages: dict[str, str], site: Path) -> dict[str, str | None]:
    """The HTML of each page (name -> article) of one Hugo site, None for those that stop its
    build: one the error names is taken out and the site built again; when it names none (a
    description's shortcode, which `markdownify` reads), each half is built apart."""
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text(LAYOUT, encoding="utf-8")
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    content = site / "content"
    content.mkdir()
    (content / "plan.md").write_text("---\ntitle: Plan\n---\n", encoding="utf-8")  # what `ref "plan"` leads to
    for name, text in pages.items():
        (content / f"{name}.md").write_text(text, encoding="utf-8", newline="")
    stopped: dict[str, str | None] = {}
    while True:
        done = subprocess.run(["hugo", "--quiet", "--source", str(site)], capture_output=True, text=True, timeout=600)
        if done.returncode == 0:
            return stopped | {name: (site / "public" / name / "index.html").read_text(encoding="utf-8") for name in pages}
        culprit = _STOPPED_PAGE.search(done.stderr)
        if culprit and culprit.group(1) in pages:
            stopped[culprit.group(1)] = None
            del pages[culprit.group(1)]
            (content / f"{culprit.group(1)}.md").unlink()
        elif len(pages) == 1:
            return stopped | dict.fromkeys(pages)
        else:
            names = sorted(pages)
            halves = names[: len(names) // 2], names[len(names) // 2 :]
            return stopped | {name: html for number, half in enumerate(halves)
                              for name, html in _built({n: pages[n] for n in half}, site.with_name(f"{site.name}.{number}")).items()}


def test_what_the_checks_pass_builds_with_hugo_into_no_harm_its_source_lacks(tmp_path: Path) -> None:
    if shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")

    def harms(texts: list[str]) -> list[Counter[tuple[str, str]]]:
        found = hugo_harms(texts, tmp_path)
        assert not [text for text, harm in zip(texts[::2], found[::2]) if harm["build", "stopped"]], "a source stops the build"
        return found

    hits = harmful_passes(GOLDMARK, harms)
    assert not hits, described(hits)


# What the fuzz found that the checks passed and Hugo built into harm or a stopped build:
# shortcode pairs whose tags lie in two units or after a bare address, an opener left unclosed
# in an autolink, a blank in `>}}` (all kept out since by the net's count of template
# delimiters), an end tag goldmark links as a mail address (the net reads a single-label domain
# closing an autolink since), a host a highlight shows, linked (a host the source shows only in a
# highlight is no longer one it links to).
HIGHLIGHT = "Le code {{< highlight html >}}<script>alert(1)</script>{{< /highlight >}} est à éviter."
FOUND = {
    "a pair over two units, its tags dropped": (HIGHLIGHT, {"Le code {{< highlight html >}}": "The code",
                                                            "{{< /highlight >}} est à éviter.": "is to avoid."}),
    "a pair over two units, its closer dropped": (HIGHLIGHT, {"{{< /highlight >}} est à éviter.": "is to avoid."}),
    "a pair around an address, its closer broken": ("Le code {{< highlight html >}}https://evil.example/x{{< /highlight >}} ici.",
                                                    {"Le code {{< highlight html >}}https://evil.example/x{{< /highlight >}} ici.":
                                                     "The code {{< highlight html >}}https://evil.example/x{< /highlight >}} here."}),
    "an opener left unclosed in an autolink": ("Voir <https://www.numerique.gouv.fr/aide/>.",
                                               {"Voir <https://www.numerique.gouv.fr/aide/>.": "See <https://www.numerique.gouv.fr/{{%aide/>."}),
    "an end tag linked as a mail address": ("Écrivez-nous.", {"Écrivez-nous.": "Write to </@evil> us."}),
    "a blank in a shortcode's closing delimiter": ("Le site s’appelle {{< param title >}} ici.",
                                                   {"Le site s’appelle {{< param title >}} ici.": "The site is called {{< param title > }} here."}),
    "a host a highlight shows, linked": ("Le code {{< highlight html >}}https://evil.example/x{{< /highlight >}} ici.",
                                         {"Le code {{< highlight html >}}https://evil.example/x{{< /highlight >}} ici.":
                                          "The code {{< highlight html >}}https://evil.example/x{{< /highlight >}} here (https://evil.example/)."}),
}


@pytest.mark.parametrize("name", FOUND)
def test_what_the_checks_pass_of_the_fuzz_s_findings_builds_with_hugo_into_no_harm(name: str, tmp_path: Path) -> None:
    if shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")
    body, translations = FOUND[name]
    article = parse(f"---\ntitle: Un titre\n---\n\n{body}\n", "article.md", DEFAULT_PROSE_KEYS, DEFAULT_MARKDOWN_KEYS)
    case = judged(article, {p.key: translations[p.key[1]] for p in article.units if p.key[1] in translations}, GOLDMARK)
    if not case.findings:
        source_harm, output_harm = hugo_harms([case.source, case.output], tmp_path)
        assert output_harm - source_harm == Counter()
