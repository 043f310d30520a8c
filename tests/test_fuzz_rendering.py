"""A fuzz of the safety checks against the real renderer. Generated articles show dangerous
markup as code, link to the site, hold tags, attribute lists, lists, tables, footnotes and code
blocks, in the body and in a Markdown front-matter value; a unit or two of each is "translated"
by the edits an attacker tries (markup fragments inserted, delimiters moved or dropped, lines
added, text repeated or borrowed from elsewhere in the article). Every translated article that
the checks pass, rendered as tests/test_security.py's page model does (kramdown, with its own
parser and GFM, Jekyll's default), must have no script-capable element, event handler, unsafe
URL scheme, foreign host, Liquid or front-matter key that its source's page lacks.

The cases are drawn from a seeded generator, so that CI runs the same ones every time;
`I18NPUB_FUZZ=<cases>` and `I18NPUB_FUZZ_SEED=<n>` run others (a few thousand a minute).
tests/test_fuzz_hugo.py draws its cases from the same generator, with goldmark's constructs added
(a `Dialect`), and renders them with Hugo.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from test_security import CHAPEAU, Page, kramdown_parsers, render_pages

from i18npub.core.article import Article, Finish, article_findings, parse, render
from i18npub.core.catalog import Entry, Key
from i18npub.core.checks import Policy
from i18npub.site.config import DEFAULT_MARKDOWN_KEYS, DEFAULT_PROSE_KEYS

CASES = int(os.environ.get("I18NPUB_FUZZ", "1200"))
SEED = int(os.environ.get("I18NPUB_FUZZ_SEED", "1"))

SCRIPT = "<script>alert(1)</script>"
HANDLER = '<img src="a.png" onerror="alert(1)">'
JS_LINK = "[clic](javascript:alert(1))"
FOREIGN = '<a href="https://evil.example/">ici</a>'
SITE_LINK = "[le guide](https://www.numerique.gouv.fr/guide/)"
DANGERS = [SCRIPT, HANDLER, JS_LINK, FOREIGN, "{: onclick=\"alert(1)\"}", "javascript:alert(1)", "https://evil.example/x"]

# blocks an article is made of: each holds text a translator gets, some show dangers as code
BLOCKS = [
    lambda r: f"Ne collez jamais `{r.choice(DANGERS)}` dans une page.",
    lambda r: f"Voici un exemple : ``{r.choice(DANGERS)}`` à éviter, et `{r.choice(DANGERS)}` aussi.",
    lambda r: f"Lisez {SITE_LINK} avant de commencer.",
    lambda r: 'Un texte <span class="note">en note</span> et <font color="red">en rouge</font>.',
    lambda r: "Un paragraphe avec un lien [interne](/actualites/autre/){:target=\"_blank\"}.",
    lambda r: "## Un titre de section\n{: #section}",
    lambda r: f"Exemple :\n\n    {r.choice(DANGERS)}\n\nFin de l’exemple.",
    lambda r: f"```html\n{r.choice(DANGERS)}\n```",
    lambda r: f"- un point qui montre `{r.choice(DANGERS)}`\n- un autre point",
    lambda r: "| Colonne | Autre |\n|---|---|\n| une cellule | `<b>x</b>` |",
    lambda r: "Une note[^1] en bas de page.\n\n[^1]: Le texte de la note.",
    lambda r: "Le HTML est un langage.\n\n*[HTML]: HyperText Markup Language",
    lambda r: f"> Une citation qui montre `{r.choice(DANGERS)}`.",
    lambda r: "Si a < b et b > c, alors a < c : un texte avec des signes.",
    lambda r: '<figure markdown="1">\n![Une image](/img/a.png)\n<figcaption>Une légende</figcaption>\n</figure>',
    lambda r: "Un texte\nsur deux lignes, avec `du code` et *de l’emphase*.",
    lambda r: "Lancez `echo $HOME` puis `ls`.",
    lambda r: "Écrivez {% raw %}`{{ page.title }}`{% endraw %} dans le gabarit.",
]

# what an attacker puts in a translation: markup, delimiters, line starts, dangers
FRAGMENTS = [
    "`", "``", "```", "\n", "\n\n", "<", ">", "<<", "[", "]", "](", ")", "(", "{:", "}", "{", "^", "\n^\n",
    "<div>", "</div>", '<div markdown="1">', "<é>", "</é>", "<x-y>", "<span>", "</span>", "<!--", "-->",
    "    ", "\n    ", "- ", "\n- ", "\n1. ", "> ", "\n> ", "\n: ", "$$", "\\", '"', "'", "|", "\n|---|\n",
    "\n---\n", "\n===\n", "#", "\n# ", "*", "_", "&lt;", "&#60;", "&#x3C;", "*[", "[^1]", "\n[^1]: ",
    "\n[x]: ", "{::nomarkdown}", "{:/}", "{::comment}", "\f", "\t", "  \n",
    *DANGERS, "](javascript:alert(1))", "(https://evil.example/)", "<https://evil.example/>", "[x][y]", "\n[y]: https://evil.example/",
]


@dataclass(frozen=True)
class Dialect:
    """What the articles of one renderer are made of, and how a build writes their translations."""

    blocks: list[Callable[[random.Random], str]]
    fragments: list[str]
    markdown_key: str  # the front-matter key whose Markdown value the layout prints
    heading_style: str | None = None  # the ids the build gives translated headings (`Finish`)


KRAMDOWN = Dialect(BLOCKS, FRAGMENTS, CHAPEAU.split(": ")[1])


def _insert(r: random.Random, text: str, _article: str, fragments: list[str]) -> str:
    at = r.randint(0, len(text))
    return text[:at] + r.choice(fragments) + text[at:]


def _delete(r: random.Random, text: str, _article: str, _fragments: list[str]) -> str:
    if not text:
        return text
    start = r.randrange(len(text))
    return text[:start] + text[start + r.randint(1, 6):]


def _move_delimiter(r: random.Random, text: str, article: str, fragments: list[str]) -> str:
    spots = [i for i, c in enumerate(text) if c in "`[]()<>{}*_$\\|\n"]
    if not spots:
        return _insert(r, text, article, fragments)
    at = r.choice(spots)
    rest = text[:at] + text[at + 1:]
    to = r.randint(0, len(rest))
    return rest[:to] + text[at] + rest[to:]


def _copy(r: random.Random, text: str, origin: str) -> str:
    """A piece of `origin` put somewhere in `text`."""
    start = r.randrange(len(origin))
    piece = origin[start:start + r.randint(1, 40)]
    at = r.randint(0, len(text))
    return text[:at] + piece + text[at:]


EDITS = [_insert, _insert, _insert, _delete, _move_delimiter,
         lambda r, text, _, __: _copy(r, text, text or "x"), lambda r, text, article, _: _copy(r, text, article)]


@dataclass
class Case:
    source: str  # the article
    translations: dict[str, str]  # msgid -> msgstr, for the units the attacker edited
    findings: list[str]  # the codes of the safety findings
    output: str = ""  # the translated article, as build would write it (when nothing was found)


def _case(r: random.Random, dialect: Dialect) -> Case:
    one_line = [b for b in (block(r) for block in dialect.blocks) if "\n" not in b]
    body = "\n\n".join(r.choice(dialect.blocks)(r) for _ in range(r.randint(2, 5)))
    source = f"---\ntitle: Un titre\n{dialect.markdown_key}: {json.dumps(r.choice(one_line), ensure_ascii=False)}\n---\n\n{body}\n"
    article = parse(source, "article.md", DEFAULT_PROSE_KEYS, DEFAULT_MARKDOWN_KEYS)
    translations = {}
    for placed in r.sample(article.units, min(len(article.units), r.randint(1, 2))):
        text = placed.key[1]
        for _ in range(r.randint(1, 4)):
            text = r.choice(EDITS)(r, text, source, dialect.fragments)
        translations[placed.key] = text
    return judged(article, translations, dialect)


def judged(article: Article, translations: dict[Key, str], dialect: Dialect) -> Case:
    """The case of these translations of the article's units (the others kept as they are): the
    codes of the checks' safety findings, and the article build writes when there are none. An
    empty text is no translation (build keeps the article out)."""
    translations = {key: text for key, text in translations.items() if text}
    entries = [Entry(msgid=p.key[1], msgstr=translations.get(p.key, p.key[1]), msgctxt=p.key[0]) for p in article.units]
    findings = article_findings(article, entries, "article.po", Policy())
    case = Case(article.text, {k[1]: v for k, v in translations.items()}, [f.code for f in findings if f.safety])
    if not case.findings:
        case.output = render(article, {e.key: e.msgstr for e in entries}, {}, Finish(heading_style=dialect.heading_style))
    return case


Harms = Callable[[list[str]], list[Counter[tuple[str, str]]]]


def harmful_passes(dialect: Dialect, harms: Harms, seed: int = SEED, cases: int = CASES) -> list[tuple[int, Case, Counter]]:
    """The cases (by their number) whose translations the checks pass and whose page, by `harms`
    (of the texts of the articles, as a reader gets them), has harm that its source's lacks."""
    r = random.Random(seed)
    drawn = [_case(r, dialect) for _ in range(cases)]
    passed = [(number, c) for number, c in enumerate(drawn) if not c.findings]
    assert len(passed) > cases // 10, "the edits should leave many translations harmless"
    assert len(passed) < cases, "some edits should be caught"
    harm = harms([text for _, c in passed for text in (c.source, c.output)])
    return [(number, c, harm[2 * i + 1] - harm[2 * i]) for i, (number, c) in enumerate(passed) if harm[2 * i + 1] - harm[2 * i]]


def described(hits: list[tuple[int, Case, Counter]]) -> str:
    return f"{len(hits)} passing translations render harm, the first ones:\n" + "\n\n".join(
        f"case {number}, source:\n{c.source}\ntranslations: {c.translations!r}\nharm: {dict(harm)}" for number, c, harm in hits[:3])


def test_what_the_checks_pass_renders_no_harm_its_source_lacks() -> None:
    if not kramdown_parsers():
        pytest.skip("ruby and kramdown are not installed")
    hits = harmful_passes(KRAMDOWN, lambda texts: render_pages([Page.of(text) for text in texts]))
    assert not hits, described(hits)
