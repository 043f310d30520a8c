"""Hugo's TOML front matter: strings found where they stand, translations written back in place."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from i18npub.core.article import parse, render, toml_block
from i18npub.core.tomlmatter import path_of, read_toml, rewrite_toml, strings
from i18npub.errors import SourceError

ARTICLE = """+++
title = "Un \\"titre\\" simple" # commentaire
description = 'Une description'
date = 2024-01-02
tags = [
  "a", # c
  ["x"], "b",
]
body = \"\"\"
texte = "pas une clé"
\"\"\"
"quoted key".sub = "dotted"
[params]
alt = "Texte alt"
[[images]]
alt = "img 1"
[[images]]
alt = "img 2"
+++
Corps.
"""


def block(text: str) -> tuple[int, int]:
    found = toml_block(text, "a.md")
    assert found is not None
    return found[0], found[1]


def test_every_single_line_string_is_found_with_its_route() -> None:
    found = [(s.route, s.value) for s in strings(ARTICLE, *block(ARTICLE))]
    assert found == [(("title",), 'Un "titre" simple'), (("description",), "Une description"), (("tags", 0), "a"),
                     (("tags", 2), "b"), (("quoted key", "sub"), "dotted"), (("params", "alt"), "Texte alt"),
                     (("images", 0, "alt"), "img 1"), (("images", 1, "alt"), "img 2")]
    assert [path_of(s.route) for s in strings(ARTICLE, *block(ARTICLE))][-1] == "images[].alt"


def test_the_configured_values_become_units_and_the_rest_stays() -> None:
    article = parse(ARTICLE, "a.md", ["title", "description", "params.alt", "images[].alt", "body"], [])
    assert [(v.path, v.value) for v in article.values] == [
        ("title", 'Un "titre" simple'), ("description", "Une description"), ("params.alt", "Texte alt"),
        ("images[].alt", "img 1"), ("images[].alt", "img 2")]  # a multi-line string is left as it is
    assert {p.unit.msgid for p in article.units} >= {'Un "titre" simple', "Texte alt", "Corps."}


def test_translations_are_written_in_place_and_added_keys_before_the_first_table() -> None:
    article = parse(ARTICLE, "a.md", ["title", "params.alt", "images[].alt"], [])
    english = {'Un "titre" simple': 'A "simple" title', "Texte alt": "Alt text", "img 2": "image 2"}
    out = render(article, {p.key: english[p.unit.msgid] for p in article.units if p.unit.msgid in english}, {"lang": "en"})
    expected = (ARTICLE.replace('"Un \\"titre\\" simple"', '"A \\"simple\\" title"').replace('"Texte alt"', '"Alt text"')
                .replace('"img 2"', '"image 2"').replace("[params]", 'lang = "en"\n[params]'))
    assert out == expected  # the rest, comments and all, byte for byte
    assert tomllib.loads(out[slice(*block(out))])["lang"] == "en"


def test_a_front_matter_that_is_not_toml_is_refused_with_its_line() -> None:
    text = '+++\ntitle = "Un titre"\ntitle = "Deux"\n+++\nCorps.\n'
    with pytest.raises(SourceError) as raised:
        parse(text, "a.md", ["title"], [])
    assert raised.value.line == 3


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
keys = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)


@given(st.dictionaries(keys, st.tuples(texts, st.booleans()), min_size=1, max_size=5), texts)
def test_the_scan_reads_what_tomllib_reads_and_a_rewrite_reads_back(values: dict[str, tuple[str, bool]], translation: str) -> None:
    """Strings written either way (basic, or literal where it can be), in a table too: the scan
    finds each where tomllib reads it, and any translation of one reads back as itself, the other
    values unchanged."""
    lines = []
    for key, (value, literal) in values.items():
        can_be_literal = literal and "'" not in value and not any(c in value for c in "\n\r\x7f") and all(c >= " " or c == "\t" for c in value)
        lines.append(f"{key} = '{value}'" if can_be_literal else f"{key} = {toml_string_for_test(value)}")
    text = "+++\n" + "\n".join(lines) + '\n[table]\nkey = "x"\n+++\nCorps.\n'
    start, end = block(text)
    data = tomllib.loads(text[start:end])
    found = strings(text, start, end)
    assert {s.route: s.value for s in found} == {(k,): v for k, (v, _) in values.items()} | {("table", "key"): "x"}
    assert {s.route: s.value for s in found} == {(k,): data[k] for k in values} | {("table", "key"): data["table"]["key"]}
    first = next(iter(values))
    read, _ = read_toml(text, start, end, {first}, "a.md")
    out = rewrite_toml(text, start, end, read, {0: translation}, {}, "a.md")
    again = tomllib.loads(out[start : end + len(out) - len(text)])
    assert again == data | {first: translation}


def toml_string_for_test(value: str) -> str:
    """A basic string, escaped by TOML's own rules (not the module's JSON-based writer)."""
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}
    return '"' + "".join(escapes.get(c, f"\\u{ord(c):04X}" if c < " " or c == "\x7f" else c) for c in value) + '"'


def test_what_an_inline_table_or_a_multi_line_string_holds_is_no_key() -> None:
    text = ('+++\nparams = { note = """\ntitle = "pas une clé"\n[image]\n""", n = 1 }\nliteral = \'\'\'\ntitle = \'x\'\n\'\'\'\n'
            'title = "Le vrai titre"\n[image]\nalt = "Texte"\n+++\n')
    assert [(s.route, s.value) for s in strings(text, *block(text))] == [(("title",), "Le vrai titre"), (("image", "alt"), "Texte")]
    article = parse(text, "a.md", ["title", "image.alt"], [])
    out = render(article, {p.key: "A title" for p in article.units if p.unit.msgid == "Le vrai titre"}, {"lang": "en"})
    data = tomllib.loads(out[slice(*block(out))])
    assert data == tomllib.loads(text[slice(*block(text))]) | {"title": "A title", "lang": "en"}


def test_a_rewrite_that_would_change_anything_else_is_refused() -> None:
    text = '+++\ntitle = "Un titre"\n+++\n'
    start, end = block(text)
    values, _ = read_toml(text, start, end, {"title"}, "a.md")
    moved = [values[0].__class__(**{**values[0].__dict__, "end": values[0].end + 1})]  # a misread span: eats the line break
    with pytest.raises(SourceError):
        rewrite_toml(text, start, end, moved, {0: "A title"}, {}, "a.md")
