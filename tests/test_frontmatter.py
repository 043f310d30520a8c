"""Front-matter values are written back as valid YAML, in their original style where possible."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from conftest import CORPUS, FIXTURES, SITE_ALT_KEYS, articles_in, corpus_articles, read_exact
from i18npub.core import frontmatter
from i18npub.site.config import DEFAULT_MARKDOWN_KEYS, DEFAULT_PROSE_KEYS
from i18npub.core.article import parse, render

KEYS = DEFAULT_PROSE_KEYS + SITE_ALT_KEYS + ["sous-titre", "files[].nom", "lieu"]


def translate_front_matter(text: str, mapping: dict[str, str], keys=KEYS) -> str:
    article = parse(text, "a.md", keys, DEFAULT_MARKDOWN_KEYS)
    return render(article, {p.key: mapping[p.key[1]] for p in article.units if p.key[1] in mapping}, {})


def front_matter_data(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize(
    ("source", "translation", "expected_line"),
    [
        ("title: Un titre simple\n", "A simple title", "title: A simple title\n"),
        ("title: 'Un titre'\n", "It's a title", "title: 'It''s a title'\n"),
        ('title: "Un titre"\n', 'A "quoted" title', 'title: "A \\"quoted\\" title"\n'),
        ("title: Un titre\n", "Au programme : 130 sessions", "title: 'Au programme : 130 sessions'\n"),
        ("title: Un titre\n", "yes", "title: 'yes'\n"),
        ("title: Un titre\n", "#1 du classement", "title: '#1 du classement'\n"),
        ("title: Un titre\n", "- tiret", "title: '- tiret'\n"),
        ("title: Un titre\n", "U\t(n tre", "title: 'U\t(n tre'\n"),  # same length; PyYAML's own reader stops at a plain `\t(`
        ("title: |-\n  ligne un\n  ligne deux\n", "line one\nline two\nline three", "title: |-\n  line one\n  line two\n  line three\n"),
    ],
)
def test_translated_value_keeps_style_or_is_quoted(source: str, translation: str, expected_line: str) -> None:
    text = f"---\n{source}date: 2024-01-01\n---\nCorps.\n"
    original = front_matter_data(text)
    value = original["title"]
    out = translate_front_matter(text, {value: translation})
    assert out == f"---\n{expected_line}date: 2024-01-01\n---\nCorps.\n"
    assert front_matter_data(out) == {**original, "title": translation}


# values of the source's length, so that its plain layout could be kept: Ruby's YAML (Jekyll's)
# reads each as another thing than a string where PyYAML reads a string
RUBY_TYPED = [":) A book box at the Tilleuls park now!", "1,000", "0:30", "nULL", "yEs", "-2024-04-02 10:00:00.000000000"]


def _same_length_source(translation: str) -> str:
    return ("Boîtes" * 10)[: len(translation)]


@pytest.mark.parametrize("translation", RUBY_TYPED)
def test_a_translation_ruby_would_read_otherwise_is_quoted(translation: str) -> None:
    source = _same_length_source(translation)
    out = translate_front_matter(f"---\ntitle: {source}\n---\nCorps.\n", {source: translation})
    assert out.startswith("---\ntitle: '") and front_matter_data(out) == {"title": translation}


@pytest.mark.skipif(shutil.which("ruby") is None, reason="ruby is not installed")
def test_ruby_s_yaml_reads_the_translations_as_the_strings_they_are(tmp_path) -> None:
    """Jekyll reads front matter with Ruby's YAML (Psych, safe mode): what `build` writes must be
    a string there too."""
    heads = [translate_front_matter(f"---\ntitle: {_same_length_source(t)}\n---\nCorps.\n", {_same_length_source(t): t}).split("---\n")[1]
             for t in RUBY_TYPED]
    (tmp_path / "heads.json").write_text(json.dumps(heads), encoding="utf-8")
    script = 'require "json"; require "yaml"; puts JSON.generate(JSON.parse(File.read(ARGV[0])).map { |h| YAML.safe_load(h)["title"] })'
    read = subprocess.run(["ruby", "-e", script, str(tmp_path / "heads.json")], capture_output=True, text=True, check=True)
    assert json.loads(read.stdout) == RUBY_TYPED


def test_folded_value_is_refolded_and_other_keys_keep_their_bytes() -> None:
    text = (
        "---\ntitle: Revivre les temps forts du sommet du Partenariat pour un gouvernement ouvert\n  mondial\n"
        "categories:\n- Actualité\nlayout: post   # a comment\n---\n"
    )
    out = translate_front_matter(text, {
        "Revivre les temps forts du sommet du Partenariat pour un gouvernement ouvert mondial":
            "Looking back on the highlights of the summit of the Open Government Partnership, held in Mexico"
    })
    assert out == (
        "---\ntitle: Looking back on the highlights of the summit of the Open Government Partnership,\n"
        "  held in Mexico\ncategories:\n- Actualité\nlayout: post   # a comment\n---\n"
    )


def test_nested_paths_and_sequences_of_maps() -> None:
    text = (
        "---\nune-ou-diaporama:\n- image: /a.png\n  alternative-textuelle: Une image\n"
        "- image: /b.png\n  alternative-textuelle: 'Une autre : image'\nfiles:\n- file: /x.pdf\n  nom: Le rapport\n---\n"
    )
    out = translate_front_matter(text, {"Une image": "An image", "Une autre : image": "Another: image", "Le rapport": "The report"})
    data = front_matter_data(out)
    assert [x["alternative-textuelle"] for x in data["une-ou-diaporama"]] == ["An image", "Another: image"]
    assert data["files"] == [{"file": "/x.pdf", "nom": "The report"}]
    assert "- image: /a.png\n  alternative-textuelle: An image\n" in out


def test_non_string_values_are_not_units() -> None:
    article = parse("---\ntitle: 2024\nsummary: null\nexcerpt: true\n---\n", "a.md", KEYS, [])
    assert article.units == []


def test_added_keys_replace_existing_ones_in_place() -> None:
    text = "---\nlang: fr\ntitle: Un titre\n---\nCorps.\n"
    article = parse(text, "a.md", KEYS, [])
    assert render(article, {}, {"lang": "en", "ref": "a"}) == "---\nlang: en\ntitle: Un titre\nref: a\n---\nCorps.\n"


def test_added_keys_beside_translated_values() -> None:
    text = "---\ntitle: Un titre\nmeta:\n  lang: fr\nlang:\nref: 'x'\n---\nCorps.\n"
    article = parse(text, "a.md", KEYS, [])
    out = render(article, {(None, "Un titre"): "A much longer title: with a colon"}, {"lang": "en", "ref": "a"})
    assert out == "---\ntitle: 'A much longer title: with a colon'\nmeta:\n  lang: fr\nlang: en\nref: a\n---\nCorps.\n"


def test_article_without_front_matter_gets_one_for_added_keys() -> None:
    article = parse("\ufeffCorps.\r\n", "a.md", KEYS, [])
    assert render(article, {}, {"lang": "en"}) == "\ufeff---\r\nlang: en\r\n---\r\nCorps.\r\n"


def test_broken_yaml_names_the_line() -> None:
    with pytest.raises(frontmatter.SourceError) as caught:
        parse("---\ntitle: ok\nbad: [x\n---\n", "a.md", KEYS, [])
    assert str(caught.value).startswith("a.md:4: invalid YAML front matter")


def emitted_values():
    """Folded values of the real articles (written by libyaml through Siteleaf/Jekyll)."""
    for path in corpus_articles():
        text = read_exact(path)
        located = frontmatter.locate(text, path.name)
        for value in frontmatter.read(text, located, KEYS, path.name)[0] if located else []:
            if "\n" in text[value.start : value.end] and value.style not in ("|", ">"):
                yield pytest.param(text, value, id=f"{path.name}:{value.path}")


@pytest.mark.parametrize(("text", "value"), list(emitted_values()) or [pytest.param(None, None, marks=pytest.mark.skip(reason=f"{CORPUS} is absent"))])
def test_refolding_reproduces_the_emitter(text, value) -> None:
    """Re-encoding a real value gives back its source bytes: we fold as libyaml does, so a
    translation looks as if the site's own tools had written it."""
    source = text[value.start : value.end]
    assert frontmatter._re_encode(source, value, value.value, "\n", value.style) == source


def split_articles():
    paths = corpus_articles() + articles_in(FIXTURES)
    return [pytest.param(p, id=p.name) for p in paths]


@pytest.mark.parametrize("path", split_articles())
def test_front_matter_split_agrees_with_python_frontmatter(path) -> None:
    """python-frontmatter is the independent reader here: same metadata, same body text."""
    import frontmatter as python_frontmatter

    text = read_exact(path)
    located = frontmatter.locate(text, path.name)
    post = python_frontmatter.loads(text.replace("\r\n", "\n").lstrip("\ufeff"))
    if located is None:
        assert post.metadata == {}
        return
    assert (yaml.safe_load(text[located.start : located.end]) or {}) == post.metadata
    assert text[located.body :].replace("\r\n", "\n").strip() == post.content.strip()


def test_the_defaults_cover_image_alternative_texts() -> None:
    text = "---\nimage:\n  path: /a.png\n  alt: Une photo\nimages:\n- src: /b.png\n  alt: Un schéma\n---\n"
    article = parse(text, "a.md", DEFAULT_PROSE_KEYS, DEFAULT_MARKDOWN_KEYS)
    assert [(v.path, v.value) for v in article.values] == [("image.alt", "Une photo"), ("images[].alt", "Un schéma")]


def test_keys_added_to_a_toml_front_matter_are_escaped() -> None:
    import tomllib

    text = '+++\ntitle = "Titre"\n+++\nCorps.\n'
    out = render(parse(text, "a.md", [], []), {}, {"ref": 'a"b\\c', "lang": "en"})
    assert tomllib.loads(out.split("+++")[1]) == {"title": "Titre", "ref": 'a"b\\c', "lang": "en"}
