"""Publishing into real sites, end to end: the examples (examples/jekyll, examples/hugo, and the
Jekyll one with jekyll-polyglot) and sites laid out like www.numerique.gouv.fr from the shared
articles (Jekyll, Jekyll with jekyll-polyglot, Hugo). Each is copied into a temporary folder,
built by i18npub and then by the real generator; the built HTML is read back with the
browser's parser and must show:

- no URL conflict, the generator exiting 0, the sources byte for byte as they were;
- every article in English at a URL of its own, every French page still French;
- internal links of English pages leading to the English pages, `#fragment` links working as
  on the French pages, assets reached as from the French pages, heading ids as on the French
  pages;
- language versions naming each other (hreflang alternates, the language switcher);
- nothing for `i18npub audit` to report.

Each site is built once (module-scoped fixtures) and shared between the assertions.
"""

from __future__ import annotations

import functools
import html
import json
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import polib
import pytest
from conftest import CORPUS, FULL_WIDTH, pseudo
from sites import run, write

from i18npub.core.htmldom import select
from i18npub.core.markup import Kind, tokenize
from i18npub.site.generators import make_generator

EXAMPLES = Path(__file__).parent.parent / "examples"
FULL_WIDTH_LETTERS = frozenset(FULL_WIDTH.values())


@functools.cache
def has_polyglot() -> bool:
    if shutil.which("jekyll") is None or shutil.which("ruby") is None:
        return False
    return subprocess.run(["ruby", "-e", 'gem "jekyll-polyglot"'], capture_output=True).returncode == 0


def needs(*tools: str):
    missing = [t for t in tools if (t == "polyglot" and not has_polyglot()) or (t != "polyglot" and shutil.which(t) is None)]
    return pytest.mark.skipif(bool(missing), reason=f"{', '.join(missing)} not installed")


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent")


# --- Built sites and their pages -------------------------------------------------------------


def attribute(element, name: str) -> str | None:
    return dict(element.attributes).get(name)


@dataclass
class Page:
    """A built HTML page, read with the browser's parser."""

    file: Path
    url: str  # where it is served: /actualites/x/

    @functools.cached_property
    def html(self) -> str:
        return self.file.read_text(encoding="utf-8")

    @functools.cached_property
    def lang(self) -> str | None:
        return attribute(select(self.html, "html")[0], "lang")

    @functools.cached_property
    def title(self) -> str:
        return select(self.html, "title")[0].text.strip()

    @functools.cached_property
    def ids(self) -> set[str]:
        return {attribute(e, "id") for e in select(self.html, "[id]")} | {attribute(e, "name") for e in select(self.html, "a[name]")}

    @functools.cached_property
    def heading_ids(self) -> list[str | None]:
        return [attribute(e, "id") for e in select(self.html, "main :is(h1, h2, h3, h4, h5, h6)")]

    @functools.cached_property
    def links(self) -> list[str]:
        """The link targets of the page's content (not of the layout's navigation, lists of
        pages included), in order."""
        return [attribute(e, "href") for e in select(self.html, "main a[href]:not(nav a)")]

    @functools.cached_property
    def images(self) -> list[str]:
        return [attribute(e, "src") for e in select(self.html, "main img[src]")]

    @functools.cached_property
    def alternates(self) -> dict[str, str]:
        return {attribute(e, "hreflang"): attribute(e, "href") for e in select(self.html, "link[rel=alternate][hreflang]")}

    @functools.cached_property
    def switcher(self) -> dict[str, str]:
        return {attribute(e, "hreflang"): attribute(e, "href") for e in select(self.html, "nav.languages a[hreflang]")}

    @property
    def pseudo_translated(self) -> bool:
        return any(c in FULL_WIDTH_LETTERS for c in self.html)


def served(output: Path, path: str) -> Page | None:
    """The page a static web server answers at this path, decoded (`/x/` → x/index.html,
    `/x` → x.html)."""
    path = path.lstrip("/")
    candidates = [path + "index.html"] if path.endswith("/") or not path else [path, path + "/index.html", path + ".html"]
    for candidate in candidates:
        if (output / candidate).is_file():
            return Page(output / candidate, "/" + candidate.removesuffix("index.html"))
    return None


@dataclass
class Version:
    """An article, its French and English pages (None: not built) and their expected titles."""

    article: str
    french: Page | None
    english: Page | None
    french_title: str
    english_title: str
    published: bool  # whether the generator publishes the source


@dataclass
class Built:
    """A site built by i18npub, then by its generator."""

    name: str
    root: Path  # the site's sources
    output: Path  # what the generator wrote: _site/, public/
    site_url: str  # https://host, without a trailing slash
    log: str  # the generator's output
    sources_before: dict[str, bytes]  # every file of the site before i18npub ran
    record: dict[str, dict[str, str]]  # the build's record: article → its output, URL and source URL
    pseudo: bool  # translated by the pseudo-translation (the corpus) rather than in English (the examples)
    links_article: str | None = None  # an article written to link every other way
    fallbacks: bool = False  # whether untranslated pages are served in the English tree too (polyglot)

    def page(self, path: str) -> Page | None:
        return served(self.output, path)

    def target(self, page: Page, href: str) -> tuple[Page | None, str] | None:
        """The page (None: no such page) and fragment that a link of `page` leads to; None when
        the link leads off the site."""
        parts = urlsplit(urljoin(self.site_url + page.url, href))
        if parts.scheme not in ("http", "https") or parts.netloc.removeprefix("www.") != urlsplit(self.site_url).netloc.removeprefix("www."):
            return None
        return self.page(unquote(parts.path)), unquote(parts.fragment)

    def same_page(self, page: Page, expected: Page) -> bool:
        """Whether `page` is `expected`, or its fallback in the English tree (polyglot)."""
        fallback = self.fallbacks and page.file == self.output / "en" / expected.file.relative_to(self.output)
        return page.file == expected.file or fallback

    @functools.cached_property
    def versions(self) -> list[Version]:
        found = []
        for article, page in sorted(self.record.items()):
            catalog = polib.pofile(str(self.root / setting(self.root, "locales_dir") / "en" / (article.rsplit(".", 1)[0] + ".po")))
            title = next(e for e in catalog if "front matter: title" in e.comment.splitlines())
            source = (self.root / setting(self.root, "source_dir") / article).read_text(encoding="utf-8")
            published = not re.search(r"^published: false\s*$", source.split("\n---", 1)[0], re.M)
            french, english = self.page(unquote(page["source_url"])), self.page(unquote(page["url"]))
            found.append(Version(article, french, english, title.msgid, title.msgstr, published))
        return found

    @functools.cached_property
    def english_of(self) -> dict[Path, Page]:
        """French page file → the English page of the same article."""
        return {v.french.file: v.english for v in self.versions if v.french and v.english}

    def link_pairs(self, kind: str = "links"):
        """Each link (or image) of a French page with the same link of its English page."""
        for version in self.versions:
            if version.french and version.english:
                french, english = getattr(version.french, kind), getattr(version.english, kind)
                assert len(english) == len(french), (version.article, french, english)
                yield from ((version, f, e) for f, e in zip(french, english))


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def translate_every_entry(site: Path) -> None:
    """Every entry of the English catalogs translated and reviewed: prose by the reversible
    pseudo-translation, slugs by a slug of their own; link entries keep the source's link."""
    for path in (site / setting(site, "locales_dir") / "en").rglob("*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if entry.obsolete or entry.msgctxt == "link":
                continue
            if entry.msgctxt == "slug":
                entry.msgstr = "en-" + re.sub(r"[^a-z0-9]+", "-", entry.msgid.lower()).strip("-")
            else:
                entry.msgstr = pseudo(entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save(str(path))


def i18npub(site: Path, *args: str) -> str:
    result = run(site, *args)
    assert result.exit_code == 0, (args, result.output)
    return result.output


def setting(site: Path, key: str) -> str:
    return tomllib.loads((site / "i18npub.toml").read_text(encoding="utf-8"))[key]


def jekyll(site: Path) -> str:
    done = subprocess.run(["jekyll", "build", "--disable-disk-cache", "-s", str(site), "-d", str(site / "_site")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def hugo(site: Path) -> str:
    done = subprocess.run(["hugo", "--printPathWarnings", "--source", str(site), "--destination", str(site / "public")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def make_built(name: str, site: Path, output: str, site_url: str, generator, pseudo_translate: bool,
               links_article: str | None = None, other_pages: str | None = None, fallbacks: bool = False) -> Built:
    """i18npub's steps (init, extract, every unit translated: for the examples, their own
    catalogs), build, then the generator. `other_pages`: the folder where the site's pages that
    are not articles are written (see `add_other_pages`)."""
    before = site_files(site)
    if pseudo_translate:
        i18npub(site, "init", "--source-lang", "fr", "--lang", "en")
        i18npub(site, "extract")
        translate_every_entry(site)
    i18npub(site, "build", "--lang", "en")
    record = json.loads((site / ".i18npub-cache" / "pages-en.json").read_text(encoding="utf-8"))["pages"]
    if other_pages is not None:
        add_other_pages(site, site / other_pages, record)
    log = generator(site)
    return Built(name, site, site / output, site_url.rstrip("/"), log, before, record, pseudo_translate, links_article, fallbacks)


def add_other_pages(site: Path, folder: Path, record: dict[str, dict[str, str]]) -> None:
    """The pages and files of the real site that the articles link to and that are not among
    them, as static files in `folder`: so that the site, as the real one, has no broken
    internal link."""
    known = {unquote(page["source_url"]) for page in record.values()}
    host = urlsplit(CORPUS_URL).netloc
    for article, page in record.items():
        for token in tokenize((site / setting(site, "source_dir") / article).read_text(encoding="utf-8"), lines=False):
            urls = [token.url] if token.kind is Kind.LINK_END else [a.value for a in token.attributes if a.name == "href" and a.value]
            for url in urls:
                parts = urlsplit(urljoin(CORPUS_URL + page["source_url"], url.strip()))
                path = unquote(parts.path)
                if parts.netloc.removeprefix("www.") != host.removeprefix("www.") or path in known or "{" in path:
                    continue
                file = folder / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
                if not file.exists() and not any(p.is_file() for p in file.parents):
                    write(folder, {file.relative_to(folder).as_posix(): OTHER_PAGE})


OTHER_PAGE = '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>Une autre page</title></head><body><main><p>Une autre page du site.</p></main></body></html>\n'


# --- Sites laid out like www.numerique.gouv.fr, from the shared articles ------------------------

CORPUS_URL = "https://www.numerique.gouv.fr"
# the real site's URLs; the other collections get /<name>/:title/
CORPUS_PERMALINKS = {
    "actualites": "/actualites/:title/",
    "communiques": "/espace-presse/:title/",
    "evenements": "/agenda/:title/",
    "publications": "/publication/:title/",
    "pages": "/:title/",
}
# an article of ours among the shared ones, linking them every way a writer does, each link
# with a fragment naming one of their headings (ids as the French pages have them)
PANORAMA = "/actualites/14e-edition-du-panorama-des-grands-projets-numeriques-de-letat-la-securisation-a-son-meilleur-niveau/"
IA = "/espace-presse/intelligence-artificielle-15-nouveaux-projets-vont-etre-experimentes-dans-les-administrations/"
ETHICS = "/agenda/ethics-by-design-2022/"
LINKS_ARTICLE = """---
title: Des liens vers les autres pages du site
date: 2024-05-02 10:00:00 +02:00
chapeau-text: Un chapeau qui renvoie vers [le panorama]({panorama}) et vers [les archives]({site}/publication/archivage-numerique/).
---

## Des liens de toutes les formes

Un lien relatif à la racine vers [le panorama des grands projets]({panorama}#une-sécurisation-au-plus-fort).

Un lien absolu vers [une autre page]({absolute}), le même [encodé]({absolute_encoded}).

Un lien par [le générateur]({generator_link}).

Un lien relatif vers [une autre page]({relative}).

<p>Un lien HTML vers <a href="/publication/archivage-numerique/#le-cadre-juridique">l’archivage numérique</a>.</p>

Un lien vers [la suite de cette page](#dans-la-même-page) et une image : ![Le logo de la DINUM](../../uploads/logo.svg).

## Dans la même page

Retour [en haut](#des-liens-de-toutes-les-formes).
"""


def links_article(absolute: str, generator_link: str, relative: str) -> str:
    page, _, fragment = absolute.partition("#")
    return LINKS_ARTICLE.format(site=CORPUS_URL, panorama=PANORAMA, absolute=absolute, absolute_encoded=f"{page}#{quote(fragment)}",
                                generator_link=generator_link, relative=relative)


LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n'

# the layout names the shared articles ask for, all rendered by the default layout
def corpus_layouts() -> dict[str, str]:
    names = set()
    for path in CORPUS.rglob("*"):
        if path.suffix in (".md", ".markdown"):
            names.update(re.findall(r"^layout: *(\S+)", path.read_text(encoding="utf-8").split("\n---", 1)[0], re.M))
    return {name: "---\nlayout: default\n---\n{{ content }}\n" for name in names - {"default"}}


# language versions paired by `ref` (a source's is its own path without extension)
JEKYLL_LAYOUT = """<!doctype html>
<html lang="{{ page.lang | default: site.lang }}">
<head><meta charset="utf-8"><title>{{ page.title }}</title>
{%- assign stem = page.path | split: "." | pop | join: "." -%}
{%- assign ref = page.ref | default: stem -%}
{%- assign versions = "" | split: "" -%}
{%- for other in site.documents -%}
{%- assign other_stem = other.path | split: "." | pop | join: "." -%}
{%- assign other_ref = other.ref | default: other_stem -%}
{%- if other_ref == ref and other.url != page.url -%}{%- assign versions = versions | push: other -%}{%- endif -%}
{%- endfor -%}
{%- for other in versions %}
<link rel="alternate" hreflang="{{ other.lang | default: site.lang }}" href="{{ other.url | absolute_url }}">
{%- endfor %}
</head>
<body>
<nav class="languages">{% for other in versions %}<a hreflang="{{ other.lang | default: site.lang }}" href="{{ other.url | relative_url }}">{{ other.lang | default: site.lang }}</a>{% endfor %}</nav>
<main><header><h1>{{ page.title }}</h1>{{ page.chapeau-text | markdownify }}</header>
{{ content }}
</main>
</body>
</html>
"""
# jekyll-polyglot pairs versions by permalink and writes their alternates itself
POLYGLOT_LAYOUT = """<!doctype html>
<html lang="{{ site.active_lang }}">
<head><meta charset="utf-8"><title>{{ page.title }}</title>
{% I18n_Headers %}
</head>
<body>
<nav class="languages">{%- for lang in site.languages -%}{%- if lang != site.active_lang -%}
<a hreflang="{{ lang }}" {% static_href %}href="{% if lang != site.default_lang %}/{{ lang }}{% endif %}{{ page.permalink }}"{% endstatic_href %}>{{ lang }}</a>
{%- endif -%}{%- endfor -%}</nav>
<main><header><h1>{{ page.title }}</h1>{{ page.chapeau-text | markdownify }}</header>
{{ content }}
</main>
</body>
</html>
"""


def copy_corpus(target: Path, folder) -> None:
    """The shared articles into `target`, each collection folder (`_actualites`) renamed by `folder`."""
    for path in CORPUS.iterdir():
        if path.is_dir():
            shutil.copytree(path, target / folder(path.name), copy_function=shutil.copyfile)


def corpus_jekyll_site(root: Path, polyglot: bool) -> Path:
    site = root / ("polyglot" if polyglot else "jekyll")
    copy_corpus(site, lambda name: name)
    collections = {p.name[1:]: CORPUS_PERMALINKS.get(p.name[1:], f"/{p.name[1:]}/:title/") for p in CORPUS.iterdir() if p.is_dir()}
    config = f"url: {CORPUS_URL}\nlang: fr\nexclude: [i18npub.toml]\ncollections:\n"
    config += "".join(f"  {name}:\n    output: true\n    permalink: {pattern}\n" for name, pattern in sorted(collections.items()))
    config += "defaults:\n  - scope: {path: \"\"}\n    values: {layout: default}\n"
    if polyglot:
        config += 'plugins: [jekyll-polyglot]\nlanguages: ["fr", "en"]\ndefault_lang: "fr"\nexclude_from_localization: ["uploads"]\n'
    links = links_article(f"{CORPUS_URL}{IA}#les-nouveautés-de-ce-2ème-ami",
                          "{% link _evenements/ethics-by-design-2022.markdown %}#les-thématiques-de-cette-année",
                          "../../agenda/design-public-meetup-3/#au-programme")
    write(site, {"_config.yml": config, "_layouts/default.html": POLYGLOT_LAYOUT if polyglot else JEKYLL_LAYOUT,
                 "uploads/logo.svg": LOGO, "_actualites/des-liens-vers-le-site.md": links,
                 **{f"_layouts/{name}.html": text for name, text in corpus_layouts().items()}})
    return site


HUGO_CONFIG = """baseURL = "{url}/"
title = "numerique.gouv.fr"
defaultContentLanguage = "fr"
disableKinds = ["section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[languages.fr]
contentDir = "content/fr"
languageName = "Français"
weight = 1
[languages.en]
contentDir = "content/en"
languageName = "English"
weight = 2
[permalinks]
actualites = "/actualites/:filename/"
communiques = "/espace-presse/:slug/"
evenements = "/agenda/:filename/"
publications = "/publication/:filename/"
pages = "/:filename/"
[markup.goldmark.renderer]
unsafe = true
"""
# language versions paired by Hugo (same path in each content folder, or `translationKey`)
HUGO_BASEOF = """<!doctype html>
<html lang="{{ .Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title>
{{- range .Translations }}
<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
{{- end }}
</head>
<body>
<nav class="languages">{{ range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
HUGO_SINGLE = """{{ define "main" }}<header><h1>{{ .Title }}</h1>{{ with index .Params "chapeau-text" }}{{ . | markdownify }}{{ end }}</header>
{{ .Content }}{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def corpus_hugo_site(root: Path) -> Path:
    site = root / "hugo"
    copy_corpus(site / "content" / "fr", lambda name: name.lstrip("_"))
    links = links_article(f"{CORPUS_URL}{ETHICS}#les-thématiques-de-cette-année",
                          '{{< ref "communiques/intelligence-artificielle-15-nouveaux-projets-vont-etre-experimentes-dans-les-administrations.markdown#les-nouveautés-de-ce-2ème-ami" >}}',
                          "../../publication/interoperabilite/#statut-du-document")
    write(site, {"hugo.toml": HUGO_CONFIG.format(url=CORPUS_URL), "layouts/_default/baseof.html": HUGO_BASEOF,
                 "layouts/_default/single.html": HUGO_SINGLE, "layouts/_default/list.html": HUGO_LIST,
                 "static/uploads/logo.svg": LOGO, "content/fr/actualites/des-liens-vers-le-site.md": links,
                 # a page with a URL of its own, which Hugo takes as it is
                 "content/fr/pages/mentions-legales.md": "---\ntitle: Mentions légales\nurl: /mentions-legales/\n---\n\nLe site est édité par la DINUM.\n"})
    return site


# --- The examples --------------------------------------------------------------------------------


def copy_example(name: str, root: Path) -> Path:
    """An example into `root`, without what building it in place wrote (examples/.gitignore)."""
    ignored = [line.rstrip("/") for line in (EXAMPLES / ".gitignore").read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")]

    def ignore(folder: str, names: list[str]) -> list[str]:
        relative = Path(folder).relative_to(EXAMPLES).as_posix()
        return [n for n in names if n in ignored or f"{relative}/{n}" in ignored]

    shutil.copytree(EXAMPLES / name, root / name, ignore=ignore)
    return root / name


def example_polyglot_site(root: Path) -> Path:
    """The Jekyll example with jekyll-polyglot: its settings in _config.yml, its layout's
    alternates and switcher from polyglot's tags, and i18npub's configuration written again."""
    site = copy_example("jekyll", root)
    with open(site / "_config.yml", "a", encoding="utf-8") as config:
        config.write('plugins: [jekyll-polyglot]\nlanguages: ["fr", "en"]\ndefault_lang: "fr"\nexclude_from_localization: ["assets"]\n')
    write(site, {"_layouts/default.html": POLYGLOT_LAYOUT})
    assert "(polyglot)" in i18npub(site, "init", "--source-lang", "fr", "--lang", "en", "--force")
    return site


# --- The sites, each built once ------------------------------------------------------------------

EXAMPLE_URL = "https://mediatheques.villebois.example"

LINKS = "_actualites/des-liens-vers-le-site.md"


def build_corpus_jekyll(root: Path) -> Built:
    return make_built("corpus-jekyll", corpus_jekyll_site(root, polyglot=False), "_site", CORPUS_URL, jekyll, True, LINKS, ".")


def build_corpus_polyglot(root: Path) -> Built:
    return make_built("corpus-polyglot", corpus_jekyll_site(root, polyglot=True), "_site", CORPUS_URL, jekyll, True, LINKS, ".", fallbacks=True)


def build_corpus_hugo(root: Path) -> Built:
    return make_built("corpus-hugo", corpus_hugo_site(root), "public", CORPUS_URL, hugo, True, "actualites/des-liens-vers-le-site.md", "static")


def untranslated(site: Path, article: str) -> Path:
    """The site with `article`'s English catalog gone: the other articles link to a page that
    has no English version yet."""
    (site / setting(site, "locales_dir") / "en" / (article.rsplit(".", 1)[0] + ".po")).unlink()
    return site


def build_example_jekyll(root: Path, partial: bool = False) -> Built:
    site = copy_example("jekyll", root)
    if partial:
        untranslated(site, "_actualites/la-boite-a-livres-du-parc.md")
    return make_built("example-jekyll", site, "_site", EXAMPLE_URL, jekyll, False)


def build_example_polyglot(root: Path, partial: bool = False) -> Built:
    site = example_polyglot_site(root)
    if partial:
        untranslated(site, "_actualites/la-boite-a-livres-du-parc.md")
    return make_built("example-polyglot", site, "_site", EXAMPLE_URL, jekyll, False, fallbacks=True)


def build_example_hugo(root: Path, partial: bool = False) -> Built:
    site = copy_example("hugo", root)
    if partial:
        untranslated(site, "actualites/la-boite-a-livres-du-parc.md")
    return make_built("example-hugo", site, "public", EXAMPLE_URL, hugo, False)


SITES = {
    "example-jekyll": (build_example_jekyll, [needs("jekyll")]),
    "example-polyglot": (build_example_polyglot, [needs("polyglot")]),
    "example-hugo": (build_example_hugo, [needs("hugo")]),
    # one article not translated yet: links to it lead to the French page
    "example-jekyll-partial": (functools.partial(build_example_jekyll, partial=True), [needs("jekyll")]),
    "example-polyglot-partial": (functools.partial(build_example_polyglot, partial=True), [needs("polyglot")]),
    "example-hugo-partial": (functools.partial(build_example_hugo, partial=True), [needs("hugo")]),
    "corpus-jekyll": (build_corpus_jekyll, [needs("jekyll"), needs_corpus]),
    "corpus-polyglot": (build_corpus_polyglot, [needs("polyglot"), needs_corpus]),
    "corpus-hugo": (build_corpus_hugo, [needs("hugo"), needs_corpus]),
}


@pytest.fixture(scope="module", params=[pytest.param(name, marks=marks) for name, (_, marks) in SITES.items()])
def built(request, tmp_path_factory) -> Built:
    make, _ = SITES[request.param]
    return make(tmp_path_factory.mktemp(request.param))


# --- What every built site shows ----------------------------------------------------------------


def test_the_generator_builds_without_url_conflict_or_error(built: Built) -> None:
    # jekyll-polyglot builds each language in a process of its own, and exits 0 when one fails
    assert not re.search(r"Conflict|Duplicate|Exception|Error", built.log), built.log


def test_the_sources_are_unchanged(built: Built) -> None:
    after = {name: (built.root / name).read_bytes() for name in built.sources_before}
    changed = [name for name, data in built.sources_before.items() if after[name] != data]
    assert changed == []


def test_nothing_of_i18npub_is_published(built: Built) -> None:
    published = [p.name for p in built.output.rglob("*") if p.suffix in (".po", ".pot") or p.name == "i18npub.toml"]
    assert published == []


def test_every_article_has_an_english_page_of_its_own(built: Built) -> None:
    assert len(built.versions) > 2
    for version in built.versions:
        if not version.published:  # `published: false`: in neither language
            assert (version.french, version.english) == (None, None), version.article
            continue
        assert version.french is not None, f"{version.article}: no French page where i18npub expects it"
        assert version.english is not None, f"{version.article}: no English page where i18npub expects it"
        assert version.english.file != version.french.file
    english = [v.english.file for v in built.versions if v.english]
    assert len(set(english)) == len(english)


def test_french_pages_stay_french_and_english_pages_are_english(built: Built) -> None:
    for version in built.versions:
        if version.french and version.english:
            assert (version.french.lang, version.french.title) == ("fr", version.french_title), version.article
            assert (version.english.lang, version.english.title) == ("en", version.english_title), version.article
            if built.pseudo:
                assert not version.french.pseudo_translated, version.article
                assert version.english.pseudo_translated, version.article


def test_language_versions_name_each_other(built: Built) -> None:
    """hreflang alternates and the language switcher, from the translation key."""
    for version in built.versions:
        if version.french and version.english:
            for page, other, lang in ((version.french, version.english, "en"), (version.english, version.french, "fr")):
                for links in (page.alternates, page.switcher):
                    assert lang in links, (version.article, page.url, links)
                    assert built.target(page, links[lang])[0].file == other.file, (version.article, page.url, links)


def test_internal_links_lead_to_the_english_pages(built: Built) -> None:
    """A link of an English page leads to the English page of the French link's target when
    there is one, and to the French link's target otherwise."""
    wrong = []
    for version, french_href, english_href in built.link_pairs():
        french = built.target(version.french, french_href)
        if french is None:  # another site
            if english_href != french_href:
                wrong.append((version.article, french_href, english_href))
            continue
        if french[0] is None:
            continue  # leads nowhere on the French page either
        expected = built.english_of.get(french[0].file, french[0])
        english = built.target(version.english, english_href)
        if english is None or english[0] is None or not built.same_page(english[0], expected):
            wrong.append((version.article, french_href, english_href))
    assert wrong == []


def test_fragment_links_that_work_in_french_work_in_english(built: Built) -> None:
    wrong, working = [], 0
    for version, french_href, english_href in built.link_pairs():
        french = built.target(version.french, french_href)
        if french is None or french[0] is None or not french[1] or french[1] not in french[0].ids:
            continue
        working += 1
        english = built.target(version.english, english_href)
        if english is None or english[0] is None or english[1] not in english[0].ids:
            wrong.append((version.article, french_href, english_href))
    assert wrong == []
    assert working, "no fragment link to check"


def test_images_load_the_same_files(built: Built) -> None:
    wrong = []
    for version, french_src, english_src in built.link_pairs("images"):
        french, english = built.target(version.french, french_src), built.target(version.english, english_src)
        if french is not None and french[0] is not None and (english is None or english[0] is None or not built.same_page(english[0], french[0])):
            wrong.append((version.article, french_src, english_src))
    assert wrong == []


def test_the_links_article_links_every_way_to_french_pages(built: Built) -> None:
    """What the links article was written for (else the link tests above prove less)."""
    if built.links_article is None:
        pytest.skip("an example: no links article")
    version = next(v for v in built.versions if v.article == built.links_article)
    targets = [built.target(version.french, href) for href in version.french.links]
    assert len(targets) >= 9
    assert all(page is not None and (not fragment or fragment in page.ids) for page, fragment in targets), list(zip(version.french.links, targets))
    assert [built.target(version.french, src)[0] is not None for src in version.french.images] == [True]


def test_the_captions_of_shortcodes_and_includes_are_translated(built: Built) -> None:
    """The examples' `{{< figure caption="…" >}}` (Hugo) and `{% include figure.html caption="…" %}`
    (Jekyll): the English page shows the caption's translation, its quotes read back."""
    if built.pseudo:
        pytest.skip("the corpus has no shortcode nor include")
    version = next(v for v in built.versions if v.article.startswith(("actualites/nouveaux-horaires", "_actualites/nouveaux-horaires")))
    assert version.french and version.english

    def captions(page: Page) -> list[str]:
        texts = [html.unescape(re.sub(r"<[^>]*>", "", m)) for m in re.findall(r"<figcaption>(.*?)</figcaption>", page.html, re.S)]
        return [re.sub(r"[“”]", '"', text.replace("’", "'")).strip() for text in texts]

    assert 'Les trois lieux du réseau, dits "de quartier"' in captions(version.french)
    assert 'The three "neighbourhood" libraries of the network' in captions(version.english)
    assert not any("réseau" in caption for caption in captions(version.english))


def test_heading_ids_are_the_french_pages(built: Built) -> None:
    for version in built.versions:
        if version.french and version.english:
            assert version.english.heading_ids == version.french.heading_ids, version.article


def test_audit_reports_nothing(built: Built, tmp_path: Path) -> None:
    pairs = [{"translated": v.english.file.relative_to(built.output).as_posix(), "source": v.french.file.relative_to(built.output).as_posix()}
             for v in built.versions if v.french and v.english]
    (tmp_path / "pairs.json").write_text(json.dumps(pairs), encoding="utf-8")
    result = run(built.root, "audit", str(built.output), "--lang", "en", "--pairs", str(tmp_path / "pairs.json"),
                 "--site-url", built.site_url + "/", "--format", "json")
    report = json.loads(result.stdout)
    assert (result.exit_code, report["totals"]["findings"]) == (0, 0), report["findings"][:5]
    paired = {p["page"]: p["paired_by"] for p in report["pages"]}
    assert all(paired[pair["translated"]] == "pairs-file" for pair in pairs)


# --- The examples as committed ---------------------------------------------------------------------


@needs("polyglot")
def test_polyglot_gets_an_untranslated_page_that_names_a_translated_one_with_link(tmp_path: Path) -> None:
    """jekyll-polyglot drops a document's source from the English build once its translation is
    there: served as polyglot's own fallback, an untranslated page naming it with `{% link %}`
    would stop the site's build. `build` writes that page's source in its place instead, its
    link pointed at the translation."""
    site = untranslated(example_polyglot_site(tmp_path), "_actualites/nouveaux-horaires-des-mediatheques.md")
    built = i18npub(site, "build", "--lang", "en")
    assert "untranslated _actualites/nouveaux-horaires-des-mediatheques.md: 0 % translated" in built
    log = jekyll(site)
    assert not re.search(r"Error|Exception", log), log
    record = json.loads((site / ".i18npub-cache" / "pages-en.json").read_text(encoding="utf-8"))["pages"]
    linker = served(site / "_site", record["_actualites/nouveaux-horaires-des-mediatheques.md"]["url"])
    target = served(site / "_site", record["_actualites/la-boite-a-livres-du-parc.md"]["url"])
    assert linker is not None and target is not None and target.lang == "en"
    assert "médiathèques" in linker.title  # the source, untranslated
    assert [href for href in linker.links if "livres" in href or "books" in href] == [target.url]
    assert "untranslated" in i18npub(site, "status", "--lang", "en")


@needs("polyglot")
@pytest.mark.parametrize("template", ["_layouts/default.html", "plan.html", "feed.xml", "notes.md", "_data/menu.yml"])
def test_polyglot_keeps_untranslated_what_its_templates_name_with_link(template: str, tmp_path: Path) -> None:
    """A layout or an HTML page naming a document with `{% link %}` (by its path, or through a
    variable: a menu from the site's data) stops polyglot's English build once that document's
    translation is there: `build` does not publish it, and says where and why."""
    site = example_polyglot_site(tmp_path)
    path = "_actualites/la-boite-a-livres-du-parc.md"
    link = f'<a href="{{% link {path} %}}">Boîte</a>'
    layout = site / "_layouts" / "default.html"
    if template in ("plan.html", "feed.xml", "notes.md"):  # pages Jekyll renders, which i18npub does not translate
        write(site, {template: f"---\nlayout: default\ntitle: Plan\n---\n<p>{link}</p>\n"})
        config = site / "i18npub.toml"
        config.write_text('exclude = ["notes.md"]\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    else:
        if template == "_data/menu.yml":
            write(site, {template: f"- title: Boîte\n  path: {path}\n"})
            link = '{% for item in site.data.menu %}<a href="{% link {{ item.path }} %}">{{ item.title }}</a>{% endfor %}'
        layout.write_text(layout.read_text(encoding="utf-8").replace("</body>", f"<footer>{link}</footer></body>"), encoding="utf-8")
    line = next(n for n, text in enumerate((site / template).read_text(encoding="utf-8").splitlines(), 1) if path in text)
    built = i18npub(site, "build", "--lang", "en")
    assert f"skipped {path}: {template}:{line} names it" in built
    log = jekyll(site)
    assert not re.search(r"Error|Exception", log), log
    record = json.loads((site / ".i18npub-cache" / "pages-en.json").read_text(encoding="utf-8"))["pages"]
    assert "_actualites/la-boite-a-livres-du-parc.md" not in record and len(record) == 3
    assert all(served(site / "_site", page["url"]).lang == "en" for page in record.values())


@pytest.mark.parametrize("name", ["jekyll", "hugo"])
def test_an_example_is_configured_as_init_configures_it(name: str, tmp_path: Path) -> None:
    site = copy_example(name, tmp_path)
    committed = (site / "i18npub.toml").read_bytes()
    i18npub(site, "init", "--source-lang", "fr", "--lang", "en", "--force")
    assert (site / "i18npub.toml").read_bytes() == committed


@pytest.mark.parametrize("name", ["jekyll", "hugo"])
def test_an_example_has_its_catalogs_up_to_date_complete_and_clean(name: str, tmp_path: Path) -> None:
    site = copy_example(name, tmp_path)
    locales = site / setting(site, "locales_dir")
    before = site_files(locales)
    i18npub(site, "extract")
    assert site_files(locales) == before
    entries = [e for path in (locales / "en").rglob("*.po") for e in polib.pofile(str(path)) if not e.obsolete]
    assert [e.msgid for e in entries if e.msgctxt is None and (not e.msgstr or e.fuzzy)] == []
    translated_slugs = {e.msgstr for e in entries if e.msgctxt == "slug" and e.msgstr}
    assert translated_slugs == ({"new-opening-hours", "the-library-network"} if name == "jekyll" else {"new-opening-hours"})
    assert "0 error(s), 0 warning(s)" in i18npub(site, "check", "--lang", "en")


# --- The parallel pair: what the human English version changed, reproduced by catalogs alone ------

PARALLEL = CORPUS.parent / "parallel"
PAIR = "tchap-resolution-faille-securite-18-avril"
PAIR_LAYOUT = """<!doctype html>
<html lang="{{ page.lang | default: site.lang }}"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><main><h1>{{ page.title }}</h1>
<ul class="categories">{% for category in page.categories %}<li>{{ category }}</li>{% endfor %}</ul>
{{ content }}
<ul class="files">{% for file in page.files %}<li><a href="{{ file.file }}">{{ file.nom }}</a></li>{% endfor %}</ul>
</main></body></html>
"""


def parallel_pair() -> tuple[str, str, dict, str]:
    """The French article's path on the real site, its text, the human English version's front
    matter, and that version's path."""
    from i18npub.core.frontmatter import load_yaml

    rows = [line.split("\t") for line in (PARALLEL / "PAIRS.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    _, french_path, english_path = next(row for row in rows if row[0] == PAIR)
    english = (PARALLEL / PAIR / "en.md").read_text(encoding="utf-8")
    return french_path, (PARALLEL / PAIR / "fr.md").read_text(encoding="utf-8"), load_yaml(english.split("---\n")[1], "en.md"), english_path


@needs("jekyll")
@pytest.mark.skipif(not (PARALLEL / PAIR).is_dir(), reason=f"{PARALLEL / PAIR} is absent")
def test_catalogs_alone_reproduce_the_human_english_version_of_the_parallel_pair(tmp_path: Path) -> None:
    """Its URL (a translated slug), its category, its file's label and its localized PDF link."""
    french_path, french, human, english_path = parallel_pair()
    site = tmp_path / "site"
    write(site, {"_config.yml": f"url: {CORPUS_URL}\nlang: fr\nexclude: [i18npub.toml]\ncollections:\n"
                                "  communiques:\n    output: true\n    permalink: /espace-presse/:title/\n"
                                "defaults:\n  - scope: {path: \"\"}\n    values: {layout: default}\n",
                 "_layouts/default.html": PAIR_LAYOUT, french_path: french})
    i18npub(site, "init", "--source-lang", "fr", "--lang", "en")
    config = (site / "i18npub.toml").read_text(encoding="utf-8")
    config = config.replace('prose_keys = ["title"', 'prose_keys = ["categories[]", "files[].nom", "title"', 1)
    config = config.replace("link_keys = []", 'link_keys = ["files[].file"]', 1)
    (site / "i18npub.toml").write_text(config, encoding="utf-8")
    i18npub(site, "extract")

    human_slug = english_path.rsplit("/", 1)[1].rsplit(".", 1)[0]
    from_human = {"title": human["title"], "categories[]": human["categories"][0], "files[].nom": human["files"][0]["nom"],
                  "files[].file": human["files"][0]["file"]}
    catalog_path = site / "_locales/en" / (french_path.rsplit(".", 1)[0] + ".po")
    catalog = polib.pofile(str(catalog_path))
    for entry in catalog:
        kinds = [c.removeprefix("front matter: ").split(" ")[0] for c in entry.comment.splitlines()]
        key = next((k for k in kinds if k in from_human), None)
        entry.msgstr = human_slug if entry.msgctxt == "slug" else from_human[key] if key else pseudo(entry.msgid)
    catalog.save()

    check = run(site, "check", "--lang", "en", "--format", "json")
    findings = json.loads(check.stdout)["findings"]
    assert check.exit_code == 0 and [f for f in findings if f["severity"] == "error"] == []
    assert any(f["code"] == "link-changed" for f in findings), findings

    assert "1 written" in i18npub(site, "build", "--lang", "en")
    jekyll(site)
    page = served(site / "_site", f"/en/espace-presse/{human_slug}/")
    assert page is not None, "no page at the human version's URL, under /en/"
    assert (page.lang, page.title) == ("en", human["title"])
    assert [e.text for e in select(page.html, "ul.categories li")] == human["categories"]
    assert [(attribute(e, "href"), e.text) for e in select(page.html, "ul.files a")] == [(f["file"], f["nom"]) for f in human["files"]]



# --- What the site's own variables print -------------------------------------------------------

CATALOGUE = "https://catalogue.villebois.example"
BOOK_BOX = "la-boite-a-livres-du-parc.md"
RESTOCKED = "réapprovisionnent chaque semaine."


def site_with_a_catalogue(name: str, root: Path) -> tuple[Path, str, str]:
    """The example with the libraries' catalogue among the site's settings (Jekyll's `_config.yml`,
    Hugo's params), which a sentence of the book box's article prints: the site, the catalog, and
    the code that prints it."""
    site = copy_example(name, root)
    if name == "jekyll":
        code, article, catalog = "{{ site.catalogue }}", site / "_actualites" / BOOK_BOX, "_locales/en/_actualites"
        (site / "_config.yml").write_text((site / "_config.yml").read_text(encoding="utf-8") + f"catalogue: {CATALOGUE}\n", encoding="utf-8")
    else:
        code, article, catalog = '{{< param "catalogue" >}}', site / "content/fr/actualites" / BOOK_BOX, "locales/en/actualites"
        (site / "hugo.toml").write_text((site / "hugo.toml").read_text(encoding="utf-8") + f'\n[params]\ncatalogue = "{CATALOGUE}"\n', encoding="utf-8")
    sentence = f"Cherchez un titre dans le [catalogue en ligne]({code}/recherche), ou sur {code} !"
    article.write_text(article.read_text(encoding="utf-8").replace(RESTOCKED, f"{RESTOCKED} {sentence}"), encoding="utf-8")
    i18npub(site, "extract")
    return site, str(site / catalog / BOOK_BOX.replace(".md", ".po")), code


def translate_the_catalogue_sentence(po: str, translation: str) -> None:
    catalog = polib.pofile(po)
    for entry in catalog:
        if RESTOCKED in entry.msgid:
            entry.msgstr = f"The book box is open to all, **no registration needed**. Librarians restock it every week. {translation}"
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    catalog.save(po)


def english_pages(site: Path, name: str) -> list[str]:
    """The English pages, as the generator builds them."""
    (jekyll if name == "jekyll" else hugo)(site)
    return [p.read_text(encoding="utf-8") for p in (site / ("_site" if name == "jekyll" else "public") / "en").rglob("*.html")]


@pytest.mark.parametrize("name", [pytest.param("jekyll", marks=needs("jekyll")), pytest.param("hugo", marks=needs("hugo"))])
def test_the_site_s_values_print_as_the_generator_prints_them(name: str, tmp_path: Path) -> None:
    """The checks read `{{ site.catalogue }}` (Hugo: `{{< param "catalogue" >}}`) as the
    catalogue's address: English punctuation right after it is no other host, and the page the
    generator builds prints it so."""
    site, po, code = site_with_a_catalogue(name, tmp_path)
    translate_the_catalogue_sentence(po, f"Look a title up in the [online catalogue]({code}/recherche), or on {code}! Come and see.")
    assert run(site, "check", "--lang", "en").exit_code == 0
    i18npub(site, "build", "--lang", "en")
    page = next(page for page in english_pages(site, name) if "Librarians restock" in page)
    assert f'href="{CATALOGUE}/recherche"' in page and f"{CATALOGUE}! Come" in page


@pytest.mark.parametrize("name", [pytest.param("jekyll", marks=needs("jekyll")), pytest.param("hugo", marks=needs("hugo"))])
@pytest.mark.parametrize("joined", ["\u3002evil\u3002example", "%2eevil%2eexample", "-evil.example", "\t.evil.example"])
def test_a_host_joined_to_what_a_site_s_value_prints_is_refused(name: str, joined: str, tmp_path: Path) -> None:
    """A translation continuing the catalogue's address (`{{ site.catalogue }}。evil。example`,
    which a browser reads as catalogue.villebois.example.evil.example) is refused, and `build`
    does not publish it."""
    site, po, code = site_with_a_catalogue(name, tmp_path)
    translate_the_catalogue_sentence(po, f"Look a title up in the [online catalogue]({code}{joined}/recherche), or on {code}! Come and see.")
    checked = run(site, "check", "--lang", "en", "--format", "json")
    assert checked.exit_code == 1
    assert "new-domain" in {f["code"] for f in json.loads(checked.output)["findings"]}
    run(site, "build", "--lang", "en")
    assert not any("evil" in page for page in english_pages(site, name))


def _site_values(name: str, files: dict[str, str], root: Path) -> dict[str, str]:
    write(root, files)
    return make_generator(name, root, "content", "content/{lang}", "fr", ["en"]).site_values


@pytest.mark.parametrize(("name", "files", "overriding"), [
    ("jekyll", {"_config.yml": "url: http://localhost:4000\ncatalogue: https://a.example\n"},
     {"_config_prod.yml": "url: https://www.example.org\n"}),  # `jekyll build --config _config.yml,_config_prod.yml`
    ("hugo", {"hugo.toml": '[params]\ncatalogue = "https://a.example"\n'},
     {"config/production/params.toml": 'catalogue = "https://www.example.org"\n'}),  # Hugo's environments
    ("hugo", {"hugo.toml": '[params]\ncatalogue = "https://a.example"\n'},
     {"content/fr/actualites/_index.md": "---\ntitle: Actualités\ncascade:\n  catalogue: https://b.example\n---\n"}),
    ("hugo", {"hugo.toml": '[params]\ncatalogue = "https://a.example"\n'},
     {"content/_index.md": '+++\ntitle = "Accueil"\n[[cascade]]\ncatalogue = "https://b.example"\n+++\n'}),
])
def test_the_site_s_values_are_not_known_where_something_may_set_others(name: str, files: dict[str, str], overriding: dict[str, str],
                                                                      tmp_path: Path) -> None:
    """What the checks take the site's template code to print comes from its configuration file
    only while nothing else may set it where the site is built: another configuration Jekyll may
    layer over it, Hugo's configuration folder, a section's cascade to its pages."""
    assert _site_values(name, files, tmp_path / "alone")
    assert _site_values(name, files | overriding, tmp_path / "overridden") == {}


XDATA = "<div x-data=\"{ t: '{{ .Title }}' }\"></div>\n"


@pytest.mark.parametrize(("files", "where"), [
    ({"layouts/_default/single.html": "<h1>{{ .Title }}</h1><script>var t = '{{ .Title }}';</script>\n"}, ""),  # escaped by html/template
    ({"layouts/_default/single.html": XDATA}, "layouts/_default/single.html:1"),
    ({"tpl/_default/single.html": XDATA, "hugo.toml": 'title = "S"\nlayoutDir = "tpl"\n'}, "tpl/_default/single.html:1"),
    ({"themes/b/layouts/partials/share.html": XDATA}, "themes/b/layouts/partials/share.html:1"),  # a component no setting here names
    ({"layouts/_default/single.js": "var t = '{{ .Title }}';\n"}, "layouts/_default/single.js:1"),  # plain text: no escaping
    ({"assets/js/share.js": "\nvar t = '{{ .Title }}';\n"}, "assets/js/share.js:2"),  # resources.ExecuteAsTemplate
    ({"config/_default/module.toml": '[[mounts]]\nsource = "tpl"\ntarget = "layouts"\n'}, "modules"),
    ({"hugo.toml": 'title = "S"\n[[module.imports]]\npath = "github.com/x/theme"\n'}, "modules"),
    ({"config/_default/hugo.toml": 'theme = "absent"\n'}, "absent"),
])
def test_every_template_hugo_may_render_is_read_for_what_it_prints_in_script(files: dict[str, str], where: str, tmp_path: Path) -> None:
    write(tmp_path, {"hugo.toml": 'title = "S"\n'} | files)
    found = make_generator("hugo", tmp_path, "content", "content/{lang}", "fr", ["en"]).script_print
    assert (where in found and found) if where else found == ""


@pytest.mark.parametrize(("cascade", "known"), [
    ("---\ntitle: Actualités\ncascade:\n  banniere: /b.png\n---\n", {"site.params.prix": "12"}),  # another key only
    ("+++\ntitle = 'Accueil'\n[[cascade]]\n[cascade.params]\nprix = '15'\n[cascade._target]\npath = '/actualites/**'\n+++\n", {}),
    ('{"title": "Accueil", "cascade": {"banniere": "/b.png"}}\n', {}),  # JSON: not read here, so it may set any
])
def test_a_cascade_makes_unknown_only_the_keys_it_sets(cascade: str, known: dict[str, str], tmp_path: Path) -> None:
    files = {"hugo.toml": '[params]\nprix = "12"\n', "content/fr/actualites/_index.md": cascade}
    assert _site_values("hugo", files, tmp_path) == known


@needs("hugo")
@pytest.mark.parametrize(("head", "line"), [('{\n  "title": "Les horaires",\n  "date": "2024-04-02"\n}\n', 1),
                                            ("\n\n---\ntitle: Les horaires\n---\n", 3),
                                            ("#+title: Les horaires\n#+date: 2024-04-02\n", 1)])
def test_an_article_whose_front_matter_hugo_reads_otherwise_is_refused_and_the_site_still_builds(head: str, line: int, tmp_path: Path) -> None:
    """Hugo reads front matter that i18npub does not (JSON, org-mode's `#+key:`, one after
    blank lines): taken for a body, it would be translated, and the build's own front matter
    would make Hugo print it as text at another page's address. It is refused, named with its
    line; the other articles are extracted and built."""
    site = copy_example("hugo", tmp_path)
    (site / "content/fr/actualites/horaires.md").write_text(f"{head}\nOuvert le samedi.\n", encoding="utf-8")
    extracted = run(site, "extract")
    assert extracted.exit_code != 0 and f"content/fr/actualites/horaires.md:{line}: Hugo reads a front matter" in extracted.output
    assert not (site / "locales/en/actualites/horaires.po").exists() and (site / "locales/en/actualites" / BOOK_BOX.replace(".md", ".po")).exists()
    built = run(site, "build", "--lang", "en")
    assert "horaires.md" in built.output and not (site / "content/en/actualites/horaires.md").exists()
    hugo(site)
    assert (site / "public/en/actualites").is_dir()


@needs("hugo")
@pytest.mark.parametrize(("head", "line"), [("---\ntitle: Les horaires\nURL: /horaires-speciaux/\n---\n", 3),
                                            ('+++\ntitle = "Les horaires"\nSlug = "horaires"\n+++\n', 3)])
def test_a_key_the_build_sets_spelled_otherwise_is_refused_and_the_site_still_builds(head: str, line: int, tmp_path: Path) -> None:
    """Hugo reads `URL` as `url`: the translation, given its own `url`, would hold both, and
    Hugo could give the English page the French page's address. Refused with its line."""
    site = copy_example("hugo", tmp_path)
    (site / "content/fr/actualites/horaires.md").write_text(f"{head}\nOuvert le samedi.\n", encoding="utf-8")
    extracted = run(site, "extract")
    assert f"content/fr/actualites/horaires.md:{line}: Hugo reads the key" in extracted.output
    built = run(site, "build", "--lang", "en")
    assert not (site / "content/en/actualites/horaires.md").exists()
    hugo(site)
    assert (site / "public/en/actualites").is_dir() and "horaires.md" in built.output


TOML_ARTICLE = """+++
title = "Les médiathèques changent d’horaires au 1er avril"
slug = "nouveaux-horaires"
date = 2024-03-12T09:00:00+01:00
description = 'Le détail, lieu par lieu, est dans [notre dossier](/dossiers/le-reseau-des-mediatheques/).'
tags = ["horaires", "réseau"]  # not translated

[image]
path = "/images/plan-du-reseau.svg"
alt = "Plan du réseau des médiathèques"
+++

Les usagers l’ont demandé lors de la consultation.
"""


@needs("hugo")
def test_an_article_with_toml_front_matter_is_translated_and_published(tmp_path: Path) -> None:
    """Hugo's own archetypes write TOML (`+++`): its strings are translated where they stand,
    the keys the build adds go before the first table (after it they would be the table's), and
    Hugo publishes the page at its English address."""
    site = copy_example("hugo", tmp_path)
    source = site / "content/fr/actualites/nouveaux-horaires.md"
    source.write_text(TOML_ARTICLE, encoding="utf-8")
    assert run(site, "extract").exit_code == 0
    msgids = {e.msgid for e in polib.pofile(str(site / "locales/en/actualites/nouveaux-horaires.po"))}
    assert {"Les médiathèques changent d’horaires au 1er avril", "Plan du réseau des médiathèques"} <= msgids
    translate_every_entry(site)
    built = run(site, "build", "--lang", "en")
    assert built.exit_code == 0, built.output
    english = (site / "content/en/actualites/nouveaux-horaires.md").read_text(encoding="utf-8")
    data = tomllib.loads(english.split("+++")[1])
    assert data["title"] == pseudo("Les médiathèques changent d’horaires au 1er avril")
    assert data["image"] == {"path": "/images/plan-du-reseau.svg", "alt": pseudo("Plan du réseau des médiathèques")}
    assert data["tags"] == ["horaires", "réseau"] and data["date"].year == 2024
    assert "](/en/dossiers/le-reseau-des-mediatheques/)" in data["description"]  # its link leads to the English page
    assert source.read_text(encoding="utf-8") == TOML_ARTICLE
    hugo(site)
    slug = data.get("slug", "nouveaux-horaires")
    page = (site / f"public/en/actualites/{slug}/index.html").read_text(encoding="utf-8")
    assert pseudo("Les médiathèques changent d’horaires au 1er avril") in html.unescape(page)


@needs("hugo")
@pytest.mark.parametrize("head", ["---\nTitle: Les horaires changent\nImage:\n  Alt: Le plan du réseau\n---\n",
                                  '+++\nTitle = "Les horaires changent"\n[Image]\nAlt = "Le plan du réseau"\n+++\n'])
def test_a_prose_key_written_in_capitals_is_translated_as_hugo_reads_it(head: str, tmp_path: Path) -> None:
    """Hugo reads front-matter keys whatever their case: `Title` is the page's title, and
    `Image.Alt` the `image.alt` of the configuration."""
    site = copy_example("hugo", tmp_path)
    (site / "content/fr/actualites/nouveaux-horaires.md").write_text(head + "\nLe réseau ouvre plus tard.\n", encoding="utf-8")
    assert run(site, "extract").exit_code == 0
    kinds = {e.msgid: e.comment for e in polib.pofile(str(site / "locales/en/actualites/nouveaux-horaires.po"))}
    assert {"Les horaires changent", "Le plan du réseau"} <= set(kinds)
    translate_every_entry(site)
    assert run(site, "build", "--lang", "en").exit_code == 0
    hugo(site)
    pages = [html.unescape(page.read_text(encoding="utf-8")) for page in (site / "public/en/actualites").glob("*/index.html")]
    assert any(f"<title>{pseudo('Les horaires changent')}</title>" in page for page in pages)


@needs("hugo")
def test_headings_with_goldmark_attributes_keep_their_ids_and_classes(tmp_path: Path) -> None:
    """goldmark reads one block of attributes at a heading's end (`{.classe}`, `{#id .classe}`,
    `{id="x"}`): a translated heading that needs its source id gets it inside that block, and
    Hugo gives the English headings the French ones' ids and classes."""
    site = copy_example("hugo", tmp_path)
    write(site, {"content/fr/actualites/titres.md": "---\ntitle: Des titres\n---\n## Titre avec classe {.classe}\n\n"
                 "## Titre avec attribut {id=\"mon-id\"}\n\n## Titre Hugo {#titre-hugo .classe}\n\n## Le [guide](/x) *complet*\n\n"
                 "Voir [la section](#titre-avec-classe).\n"})
    assert run(site, "extract").exit_code == 0
    translate_every_entry(site)
    assert run(site, "build", "--lang", "en").exit_code == 0
    hugo(site)
    french, english = ((site / f"public{page}/index.html").read_text(encoding="utf-8") for page in ("/actualites/des-titres", "/en/actualites/en-des-titres"))
    def attributes(page: str) -> list[set[str]]:  # of each heading, in whatever order goldmark writes them
        return [set(re.findall(r'(?:id|class)="[^"]*"', found)) for found in re.findall(r"<h2([^>]*)>", page)]

    assert attributes(english) == attributes(french)
    assert attributes(french)[:3] == [{'class="classe"', 'id="titre-avec-classe"'}, {'id="mon-id"'}, {'class="classe"', 'id="titre-hugo"'}]
    assert "{" not in re.sub(r"<[^>]*>", "", english.split("<h2", 1)[1])  # no block shown as text


@needs("jekyll")
def test_a_caption_that_an_include_prints_inside_a_tag_cannot_add_an_attribute(tmp_path: Path) -> None:
    """The figure include prints its caption in the image's `alt`, as it is (Liquid escapes
    nothing): a translation whose quote ends the value would add an attribute that Alpine runs.
    It is refused and not published; one with typographic quotes is."""
    site = copy_example("jekyll", tmp_path)
    include = site / "_includes/figure.html"
    include.write_text(include.read_text(encoding="utf-8").replace('alt=""', 'alt="{{ include.caption }}"'), encoding="utf-8")
    i18npub(site, "extract")
    path = site / "_locales/en/_actualites/nouveaux-horaires-des-mediatheques.po"
    catalog = polib.pofile(str(path))
    [caption] = [e for e in catalog if "include: caption" in e.comment]
    caption.msgstr = 'The three "neighbourhood" x x-init="alert(document.domain)" libraries'
    catalog.save()
    checked = run(site, "check", "--lang", "en")
    assert checked.exit_code == 1 and "prints translated text inside an HTML tag without escaping it" in checked.output
    i18npub(site, "build", "--lang", "en")
    assert not any("x-init" in page for page in english_pages(site, "jekyll"))
    caption.msgstr = "The three “neighbourhood” libraries of the network"
    catalog.save()
    i18npub(site, "build", "--lang", "en")
    assert any('alt="The three “neighbourhood” libraries of the network"' in page for page in english_pages(site, "jekyll"))


@needs("jekyll")
def test_a_title_that_a_layout_prints_inside_script_cannot_end_its_string(tmp_path: Path) -> None:
    """The layout's analytics include prints `'{{ page.title }}'` in a script, as it is: a title
    whose translation adds a quote would end the string there and run what follows. It is
    refused, named with the include's line, and not published; one with typographic quotes is."""
    site = copy_example("jekyll", tmp_path)
    write(site, {"_includes/analytics.html": "<script>\nvar title = '{{ page.title }}';\n</script>\n"})
    layout = site / "_layouts/default.html"
    layout.write_text(layout.read_text(encoding="utf-8").replace("</head>", "{% include analytics.html %}\n</head>"), encoding="utf-8")
    i18npub(site, "extract")
    titles = {"la-boite-a-livres-du-parc": "A book box'; alert(document.domain); var x = '",
              "nouveaux-horaires-des-mediatheques": "The libraries’ “new” opening hours"}
    for name, title in titles.items():
        catalog = polib.pofile(str(site / "_locales/en/_actualites" / f"{name}.po"))
        for entry in catalog:
            entry.msgstr = title if entry.msgctxt is None and "front matter: title" in entry.comment else entry.msgstr or entry.msgid
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        catalog.save()
    checked = run(site, "check", "--lang", "en")
    assert checked.exit_code == 1 and "_includes/analytics.html:2 may print translated text inside a script" in checked.output
    i18npub(site, "build", "--lang", "en")
    pages = english_pages(site, "jekyll")
    assert not any("alert(document.domain)" in page for page in pages)
    assert any("var title = 'The libraries’ “new” opening hours';" in page for page in pages)
