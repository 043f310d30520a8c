"""`audit` on sites built by the real generators: a Jekyll site and a Hugo site, each with clean
translations and translations injected with HTML or Markdown that runs code or loads a frame.
The audit names every injected page and nothing else."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS, articles_in
from sites import run, write

INJECTIONS = {
    "piege-image": 'Une image.\n\n<img src="x" onerror="alert(1)">\n',  # kramdown wants quoted values
    "piege-lien": "Un [lien](javascript:alert(1)).\n",
    "piege-cadre": 'Un cadre.\n\n<iframe src="https://evil.example/"></iframe>\n',
}
VIDEO = '<iframe src="https://video.example/embed/1" title="{title}" allowfullscreen></iframe>'


def findings_by_page(output: Path, *options: str) -> tuple[int, dict[str, set[str]], dict]:
    result = run(output, "audit", str(output), "--lang", "en", *options, "--format", "json")
    report = json.loads(result.stdout)
    found: dict[str, set[str]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["page"], set()).add(finding["code"])
    return result.exit_code, found, {p["page"]: p for p in report["pages"]}


# --- Jekyll: French at the root, English under en/ ------------------------------------------

JEKYLL_LAYOUT = """<!doctype html>
<html lang="{{ page.lang }}"><head><meta charset="utf-8"><title>{{ page.title }}</title>
<link rel="stylesheet" href="{{ '/assets/style.css' | relative_url }}">
{% for other in site.pages %}{% if other.ref and other.ref == page.ref and other.lang != page.lang %}<link rel="alternate" hreflang="{{ other.lang }}" href="{{ other.url | relative_url }}">
{% endif %}{% endfor %}<script src="{{ '/assets/app.js' | relative_url }}"></script>
</head><body><nav><a href="{% if page.lang == 'en' %}/en/{% else %}/{% endif %}">{{ site.title }}</a></nav>
<main>{{ content }}</main></body></html>
"""


def jekyll_page(lang: str, title: str, body: str, ref: str = "", permalink: str = "") -> str:
    front = f"---\nlayout: default\nlang: {lang}\ntitle: {title}\n"
    front += (f"ref: {ref}\n" if ref else "") + (f"permalink: {permalink}\n" if permalink else "")
    return front + "---\n" + body


def jekyll_site(root: Path) -> dict[str, str]:
    files = {
        "_config.yml": "title: Site\n",
        "_layouts/default.html": JEKYLL_LAYOUT,
        "assets/style.css": "body {}\n",
        "assets/app.js": "console.log(1);\n",
        "assets/logo.png": "PNG",
        "index.md": jekyll_page("fr", "Accueil", "Bienvenue. [Première](actualites/premiere/)\n", ref="home"),
        "en/index.md": jekyll_page("en", "Home", "Welcome. [First](news/first/)\n", ref="home"),
        # a translation at a localized URL: paired through the French page's hreflang alternate
        "actualites/premiere.md": jekyll_page(
            "fr", "Première", "## Un intertitre\n\nVoir [la suite](/actualites/seconde/) et ![le logo](../../assets/logo.png).\n",
            ref="premiere", permalink="/actualites/premiere/"),
        "en/news/first.md": jekyll_page(
            "en", "First", "## A heading\n\nSee [more](/en/actualites/seconde/) and ![the logo](../../../assets/logo.png).\n",
            ref="premiere", permalink="/en/news/first/"),
        # a translation at the same path under en/, with an embed whose title is translated
        "actualites/seconde.md": jekyll_page(
            "fr", "Seconde", f"Retour à [la première](/actualites/premiere/#un-intertitre).\n\n{VIDEO.format(title='Vidéo')}\n",
            permalink="/actualites/seconde/"),
        "en/actualites/seconde.md": jekyll_page(
            "en", "Second", f"Back to [the first](/en/news/first/#a-heading).\n\n{VIDEO.format(title='Video')}\n",
            permalink="/en/actualites/seconde/"),
    }
    for name, injection in INJECTIONS.items():
        files[f"actualites/{name}.md"] = jekyll_page("fr", name, "Un texte.\n", permalink=f"/actualites/{name}/")
        files[f"en/actualites/{name}.md"] = jekyll_page("en", name, "A text.\n\n" + injection, permalink=f"/en/actualites/{name}/")
    write(root, files)
    return files


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")
def test_audit_of_a_jekyll_site_names_every_injected_page(tmp_path):
    jekyll_site(tmp_path / "src")
    output = tmp_path / "_site"
    subprocess.run(["jekyll", "build", "--quiet", "--disable-disk-cache", "-s", str(tmp_path / "src"), "-d", str(output)],
                   check=True, capture_output=True)
    assert (output / "en/actualites/piege-lien/index.html").read_text().count("javascript:alert(1)") == 1

    code, found, pages = findings_by_page(output)
    assert code == 1
    assert found == {
        "en/actualites/piege-image/index.html": {"handler", "unknown-page"},  # src=x names no file either
        "en/actualites/piege-lien/index.html": {"script-url"},
        "en/actualites/piege-cadre/index.html": {"element", "foreign-url"},
    }
    assert pages["en/news/first/index.html"]["source"] == "actualites/premiere/index.html"
    assert pages["en/news/first/index.html"]["paired_by"] == "hreflang"
    assert pages["en/actualites/seconde/index.html"]["paired_by"] == "path"
    assert all(p["paired_by"] for p in pages.values())


# --- Hugo: two content folders, absolute URLs from baseURL --------------------------------------

HUGO_CONFIG = """baseURL = "https://example.org/"
defaultContentLanguage = "fr"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[languages.fr]
contentDir = "content/fr"
weight = 1
[languages.en]
contentDir = "content/en"
weight = 2
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_BASEOF = """<!doctype html>
<html lang="{{ .Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "css/style.css" | relURL }}">
</head><body><nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""


def hugo_site(root: Path) -> None:
    files = {
        "config.toml": HUGO_CONFIG,
        "layouts/_default/baseof.html": HUGO_BASEOF,
        "layouts/_default/single.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
        "layouts/_default/list.html": '{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
        "static/css/style.css": "body {}\n",
        "content/fr/posts/premier.md": f"---\ntitle: Premier\n---\n## Un intertitre\n\nVoir [la suite](/posts/deuxieme/).\n\n{VIDEO.format(title='Vidéo')}\n",
        "content/en/posts/premier.md": f"---\ntitle: First\n---\n## A heading\n\nSee [more](/en/posts/second/).\n\n{VIDEO.format(title='Video')}\n",
        "content/fr/posts/deuxieme.md": "---\ntitle: Deuxième\n---\nRetour au [premier](/posts/premier/#un-intertitre).\n",
        "content/en/posts/deuxieme.md": "---\ntitle: Second\nslug: second\n---\nBack to the [first](/en/posts/premier/#a-heading).\n",
    }
    for name, injection in INJECTIONS.items():
        files[f"content/fr/posts/{name}.md"] = f"---\ntitle: {name}\n---\nUn texte.\n"
        files[f"content/en/posts/{name}.md"] = f"---\ntitle: {name}\n---\nA text.\n\n{injection}"
    write(root, files)


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_audit_of_a_hugo_site_names_every_injected_page(tmp_path):
    hugo_site(tmp_path / "src")
    output = tmp_path / "public"
    subprocess.run(["hugo", "--quiet", "--source", str(tmp_path / "src"), "--destination", str(output)],
                   check=True, capture_output=True)

    code, found, pages = findings_by_page(output, "--site-url", "https://example.org/")
    assert code == 1
    assert found == {
        "en/posts/piege-image/index.html": {"handler", "unknown-page"},
        "en/posts/piege-lien/index.html": {"script-url"},
        "en/posts/piege-cadre/index.html": {"element", "foreign-url"},
    }
    assert pages["en/posts/second/index.html"]["source"] == "posts/deuxieme/index.html"
    assert {p["paired_by"] for p in pages.values()} == {"hreflang"}  # Hugo lists every translation
    # without the site's URL, the absolute alternates name no file: pages pair by path, the one at
    # a localized URL is compared with all source pages together; the findings stay the same
    code, found_without, pages = findings_by_page(output)
    assert found_without == found
    assert pages["en/posts/second/index.html"]["paired_by"] is None
    assert pages["en/posts/premier/index.html"]["paired_by"] == "path"


# --- The real corpus, pseudo-translated by i18npub, built by Jekyll -----------------------------

CORPUS_LAYOUT = """<!doctype html><html><head><meta charset="utf-8"><title>{{ page.title }}</title>
<link rel="stylesheet" href="{{ '/assets/style.css' | relative_url }}"></head>
<body><header><h1>{{ page.title }}</h1>{{ page.chapeau-text | markdownify }}</header>{{ content }}</body></html>
"""


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent")
def test_audit_of_the_pseudo_translated_corpus_reports_nothing(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(CORPUS, site / "content" / "fr", ignore=shutil.ignore_patterns("*.tsv"))
    for command in (["init", "--source-lang", "fr", "--lang", "en"], ["extract"],
                    ["translate", "--lang", "en", "--provider", "pseudo"], ["build", "--lang", "en", "--include-fuzzy"]):
        assert run(site, *command).exit_code == 0, command
    # each language's articles as Jekyll pages, French at the root and English under en/; their
    # own permalinks and layouts (the real site's, absent here) are dropped so that both are built
    source = tmp_path / "jekyll"
    pages = {"_config.yml": "defaults:\n  - scope: {path: \"\"}\n    values: {layout: default}\n",
             "_layouts/default.html": CORPUS_LAYOUT}
    for folder, prefix in ((site / "content" / "fr", ""), (site / ".i18npub-preview" / "content" / "en", "en/")):
        for article in articles_in(folder):
            name = "/".join(part.lstrip("_") for part in article.relative_to(folder).parts)
            pages[prefix + name] = re.sub(r"^(permalink|layout):.*\n", "", article.read_text(encoding="utf-8"), count=2, flags=re.M)
    write(source, pages)
    output = tmp_path / "_site"
    subprocess.run(["jekyll", "build", "--quiet", "--disable-disk-cache", "-s", str(source), "-d", str(output)],
                   check=True, capture_output=True)

    code, found, audited = findings_by_page(output)
    assert (code, found) == (0, {})
    assert len(audited) > 40 and all(p["paired_by"] == "path" for p in audited.values())
