"""The one tokenizer: what it reads, and invariants on any input (Hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from i18npub.core.markup import Kind, has_letters, prose_spans, tokenize
from i18npub.core.segment import Unit, encoded, segment, unescaped_parameter


def kinds(text: str, markdown: bool = True) -> list[tuple[str, str]]:
    return [(t.kind.name, t.text) for t in tokenize(text, markdown)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[a](/x "t"){:target="_blank"}', [("LINK_OPEN", "["), ("LINK_END", '](/x "t")'), ("ATTRIBUTES", '{:target="_blank"}')]),
        ("![alt](/i.png)", [("LINK_OPEN", "!["), ("LINK_END", "](/i.png)")]),
        ("[a]({{ site.baseurl }}/x)", [("LINK_OPEN", "["), ("LINK_END", "]({{ site.baseurl }}/x)")]),
        ("[a](https://w.org/A_(b))", [("LINK_OPEN", "["), ("LINK_END", "](https://w.org/A_(b))")]),
        ("`a <b>` c", [("CODE", "`a <b>`")]),
        ("``a ` b``", [("CODE", "``a ` b``")]),
        ("`a\n\nb`", [("NEWLINE", "\n"), ("NEWLINE", "\n")]),  # a code span does not cross a blank line
        ("{:target=\"_blank\") suite", [("UNCLOSED_ATTRIBUTES", '{:target="_blank")')]),
        ("{:\nonclick=x}", [("ATTRIBUTES", "{:\nonclick=x}")]),  # kramdown reads to the first }
        ("{::comment}x{:/comment}", [("EXTENSION", "{::comment}x{:/comment}")]),
        ('## T {style="x"} { .c }', [("LINE_PREFIX", "## "), ("ATTRIBUTES", '{style="x"}'), ("ATTRIBUTES", "{ .c }")]),  # goldmark's
        ("{a} {x = y", []),
        ("<!--><img src=x onerror=y>-->", [("COMMENT", "<!--><img src=x onerror=y>-->")]),
        ("<img src=x onerror=y//", [("BROKEN", "<img src=x onerror=y//")]),
        ("<script>a<b>c</script>", [("RAW_ELEMENT", "<script>a<b>c</script>")]),
        ("{% if a %}b{{ c }}", [("LIQUID", "{% if a %}"), ("LIQUID", "{{ c }}")]),
        ("{% include x", [("BROKEN", "{%")]),
        ("a&nbsp;b &amp c", [("ENTITY", "&nbsp;")]),
        ("<https://a.fr> et a@b.fr", [("AUTOLINK", "<https://a.fr>"), ("EMAIL", "a@b.fr")]),
        ("voir https://a.fr/x. et www.b.fr", [("URL", "https://a.fr/x"), ("URL", "www.b.fr")]),
        # an address ends at template code, which the generator runs first: a shortcode's closer stays one
        ("{{< note >}}https://a.fr/{x}{{< /note >}}",
         [("LIQUID", "{{< note >}}"), ("URL", "https://a.fr/{x}"), ("LIQUID", "{{< /note >}}")]),
        # kramdown's math is shown as code is: kept as it is, like a code span
        ("Et $$a^2 + \\text{b}$$ ici, 5 $ et $$ seul.", [("CODE", "$$a^2 + \\text{b}$$")]),
        ("$$\nE = mc^2\n$$", [("CODE", "$$\nE = mc^2\n$$"), ]),
        # Hugo's highlighted code is code, as Liquid's
        ('{{< highlight go "linenos=table" >}}fmt.Println("Bonjour"){{< /highlight >}}',
         [("LIQUID_BLOCK", '{{< highlight go "linenos=table" >}}fmt.Println("Bonjour"){{< /highlight >}}')]),
        ("{{% highlight go %}}x := 1{{% /highlight %}}", [("LIQUID_BLOCK", "{{% highlight go %}}x := 1{{% /highlight %}}")]),
        ("[x][r]\n[r]: /y", [("LINK_OPEN", "["), ("REFERENCE", "][r]"), ("NEWLINE", "\n"), ("DEFINITION", "[r]: /y")]),
        ("a[^1]\n[^1]: note", [("FOOTNOTE", "[^1]"), ("NEWLINE", "\n"), ("FOOTNOTE_DEFINITION", "[^1]:")]),
        ("[^1]: [r]: /y", [("FOOTNOTE_DEFINITION", "[^1]:"), ("DEFINITION", "[r]: /y")]),  # a footnote's text is blocks
        ("*[DINUM]: direction", [("ABBREVIATION", "*[DINUM]:")]),
        ("un **mot** et 2 * 3 et snake_case", [("EMPHASIS", "**"), ("EMPHASIS", "**")]),
        ("a  \nb\\\nc\rd", [("HARD_BREAK", "  "), ("NEWLINE", "\n"), ("HARD_BREAK", "\\"), ("NEWLINE", "\n"), ("NEWLINE", "\r")]),
        ("> * ## x", [("LINE_PREFIX", "> * ## ")]),
        ("```\n<b>\n```", [("FENCE", "```\n<b>\n```")]),
    ],
)
def test_what_the_tokenizer_reads(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


def test_the_raw_reading_sees_what_markdown_hides() -> None:
    text = "`<img src=x onerror=y>` \\<b> [a](<i>) {{ x }}"
    assert [k for k, _ in kinds(text, markdown=False)] == ["TAG", "TAG", "TAG", "LIQUID"]
    assert [k for k, _ in kinds("{: .x} *a* [b](c)", markdown=False)] == []


def test_the_exposed_reading_reads_through_a_link_target_over_lines() -> None:
    """A line that a link target crosses may start a definition where kramdown reads the lines
    otherwise: the reading with nothing hidden sees it."""
    text = "[x](/a\n[r]: javascript:y\n) [r]"
    assert "DEFINITION" not in [k for k, _ in kinds(text)]
    assert [t.text for t in tokenize(text, exposed=True) if t.kind is Kind.DEFINITION] == ["[r]: javascript:y"]


# lines that end kramdown's paragraph (kramdown 2.4 reads no code span across them), and lines
# that it reads inside the paragraph; `tests/test_security.py` shows the first kind's danger
ENDS_PARAGRAPH = ["^", "^  ", "---", "===", "-", "\f", "\v", "{: .x}", " {: .x}", "<div>", "<figure>", ": a definition",
                  ":|a", "> ^"]
IN_PARAGRAPH = ["<span>", "<b>x</b>", "<script>", "<a-b>", "<3 love", "  b", "# h", "* item", "> q", "{:/}", "{::comment}"]


@pytest.mark.parametrize("line", ENDS_PARAGRAPH)
def test_no_code_span_crosses_a_line_that_ends_the_paragraph(line: str) -> None:
    prefix = "> " if line.startswith(">") else ""
    for text in (f"{prefix}`a\n{line}\nb`", f"{prefix}`a\r\n{line}\r\nb`"):
        assert "CODE" not in [k for k, _ in kinds(text)]


@pytest.mark.parametrize("line", IN_PARAGRAPH)
def test_a_code_span_crosses_a_line_inside_the_paragraph(line: str) -> None:
    assert "CODE" in [k for k, _ in kinds(f"`a\n{line}\nb`")]


def test_a_heading_line_is_a_block_of_its_own_where_it_starts_one() -> None:
    assert "CODE" not in [k for k, _ in kinds("# T `a\nb`")]
    assert "CODE" not in [k for k, _ in kinds("`a\n---\nb`")]  # a setext heading
    assert "CODE" in [k for k, _ in kinds("x\n# T `a\nb`")]  # text of the paragraph above
    assert "CODE" in [k for k, _ in kinds("x\n`a\n---\nb`")]  # the paragraph's second line: no heading


def test_footnote_definitions_one_inside_another_are_read_to_the_end() -> None:
    assert [t.kind for t in tokenize("[^a]:" * 20_000 + " [r]: /y")] == [Kind.FOOTNOTE_DEFINITION] * 20_000 + [Kind.DEFINITION]


def test_a_footnote_name_is_kramdown_s() -> None:
    assert [t.text for t in tokenize("[^a-1_b] et [^é] [^1[x](/y)]")][:1] == ["[^a-1_b]"]
    assert Kind.FOOTNOTE not in [t.kind for t in tokenize("[^é] [^1[x](/y)]")]


def test_with_nothing_hidden_a_reference_is_read_as_kramdown_reads_an_undefined_one() -> None:
    text = "[a][b](javascript:x)"
    assert [t.kind for t in tokenize(text)] == [Kind.LINK_OPEN, Kind.REFERENCE]
    assert [t.text for t in tokenize(text, exposed=True) if t.kind is Kind.LINK_END] == ["](javascript:x)"]


def test_tag_attributes_are_parsed_as_a_browser_reads_them() -> None:
    [tag] = tokenize("<img src=a.png alt='un \"mot\"' title=\"x\"onerror=y data-x>")
    assert tag.name == "img"
    assert [(a.name, a.value, a.quote) for a in tag.attributes] == [
        ("src", "a.png", ""), ("alt", 'un "mot"', "'"), ("title", "x", '"'), ("onerror", "y", ""), ("data-x", None, ""),
    ]
    value = tag.attribute("alt")
    assert value is not None and "<img src=a.png alt='un \"mot\"'"[value.start : value.end] == 'un "mot"'


def test_the_text_attributes_of_a_tag_alone_are_units() -> None:
    text = '<div><img src="/a.png" alt="Un plan" aria-label="Le plan du réseau"><input placeholder="Votre adresse" name="q"></div>\n'
    assert [(u.kind, u.msgid) for u in segment(text, 1)] == [
        ("HTML <img> alt", "Un plan"), ("HTML <img> aria-label", "Le plan du réseau"), ("HTML <input> placeholder", "Votre adresse"),
    ]


def test_shortcode_and_include_parameters_are_read_as_hugo_and_jekyll_read_them() -> None:
    text = '{{< figure src="/a.png" caption="un \\"mot\\"" title=`brut` >}} {% include f.html alt=\'l\\\'arbre\' n=3 %} {{< x "caption=y" >}}'
    figure, include, positional = tokenize(text, lines=False)
    assert (figure.name, include.name, positional.name) == ("figure", "include", "x")
    assert [(a.name, a.value, a.quote) for a in figure.attributes] == [("src", "/a.png", '"'), ("caption", 'un \\"mot\\"', '"')]
    assert [(a.name, a.value, a.quote) for a in include.attributes] == [("alt", "l\\'arbre", "'")]
    assert positional.attributes == ()  # a positional value is no parameter, whatever it holds
    caption = figure.attribute("caption")
    assert caption is not None and text[caption.start : caption.end] == caption.value
    # Hugo reads no single quotes: `'x'` is not a quoted value there
    assert tokenize("{{< figure caption='x' >}}", lines=False)[0].attributes == ()


@given(st.text(st.sampled_from('ab "\'\\<>{}%é\t'), max_size=12))
def test_a_translation_written_into_a_parameter_reads_back_whole(translation: str) -> None:
    """What `encoded` writes into a quoted parameter is read back, by the tokenizer, as that
    parameter's value whole, and unescaped to the translation: a quote cannot end it (for the
    backslashes `check_template_parameter` refuses, beside a quote or at the end, and the template
    delimiters the checks count, nothing is claimed)."""
    refused_backslash = "\\" in translation and ('"' in translation or "'" in translation or translation.endswith("\\"))
    assume(not refused_backslash and "}}" not in translation and "%}" not in translation)
    for opening, quote, closing in (("{{< figure caption=", '"', " >}}"), ("{% include f.html caption=", "'", " %}")):
        unit = Unit([(0, 0)], "parameter", 1, " ", "parameter", "", quote)
        written = encoded(translation, unit)
        [token] = [t for t in tokenize(f"{opening}{quote}{written}{quote}{closing}", lines=False) if t.kind is Kind.LIQUID]
        [parameter] = token.attributes
        assert parameter.value == written and unescaped_parameter(parameter.value, quote) == translation


def test_letters_outside_markup() -> None:
    assert has_letters("Voir [le site](https://a.fr)")
    assert not has_letters("[](https://a.fr){:target=\"_blank\"} <br> `code` 12")


PIECES = st.sampled_from([
    "mot", " ", "\n", "\r\n", "\r", "\n\n", "  \n", "\\", "*", "**", "_", "~~", "`", "``", "[", "]", "![", "](", ")", "(",
    "]: ", "[^", "{", "}", "{:", "{::", "{:/", "{#", "{{", "}}", "{%", "%}", "<", ">", "</", "<!--", "-->", "<a", " href=",
    "\"", "'", "=", "/", "&", "&amp;", ";", "http://", "www.", "@", ".", "|", "#", "> ", "* ", "1. ", "```", "<script>",
    "</script>", "{% comment %}", "{% endcomment %}", "é", "\u00a0",
    # where the reading without line tokens tests a character's neighbours
    "W", "ww", "WWW.", "https", "ftp", ":", "//", "  \r", "  \r\n", "É", "1", "a@b.fr",
])
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@given(TEXTS, st.booleans())
def test_tokens_are_ordered_disjoint_slices_of_the_text(text: str, markdown: bool) -> None:
    tokens = tokenize(text, markdown)
    end = 0
    for token in tokens:
        assert end <= token.start < token.end <= len(text)
        assert token.text == text[token.start : token.end]
        end = token.end
    covered = sum(t.end - t.start for t in tokens) + sum(e - s for s, e in prose_spans(text, tokens))
    assert covered == len(text)


@given(TEXTS)
def test_the_raw_reading_finds_only_html_and_liquid(text: str) -> None:
    allowed = {Kind.TAG, Kind.RAW_ELEMENT, Kind.COMMENT, Kind.DECLARATION, Kind.BROKEN, Kind.LIQUID, Kind.LIQUID_BLOCK, Kind.ENTITY, Kind.NEWLINE}
    assert {t.kind for t in tokenize(text, markdown=False)} <= allowed


# what each entry point is fed in the adversarial benchmark (benchmarks/bench_adversarial.py
# measures the time per KB); here each runs once on 100 KB, so a catastrophic slowdown shows
ADVERSARIAL = [" ", "<!--", "{{", "{%", "[", "*", "_", "`", "{:", "[^", "](", "<a b=\"", "`a``", "&", "\\", "a@", "|", "\n", "\r"]


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_every_entry_point_gets_through_100_kb_of_adversarial_text(unit: str) -> None:
    from i18npub.core.article import parse, render
    from i18npub.core.catalog import Entry
    from i18npub.core.checks import check_entry
    from i18npub.core.masking import mask

    text = ("Voir le site" + unit * (100_000 // len(unit)))[:100_000]
    article = parse(text, "a.md", [], [])
    render(article, {p.key: p.key[1] for p in article.units}, {})
    check_entry(Entry(text, text + unit))
    mask(text)


@pytest.mark.parametrize("translation", ["`<b>` a\n<" + "a" * 100_000, "`<b>` " + "//[" * 33_000, "`<b>` " + "http://[?" * 11_000])
def test_the_checks_get_through_100_kb_of_a_translation_s_lines_and_addresses(translation: str) -> None:
    """A line that seems to open a tag, and addresses, are read once each: a backtracking search
    took the square of their length."""
    from i18npub.core.catalog import Entry
    from i18npub.core.checks import check_entry

    check_entry(Entry("Un <b>mot</b>", translation))


@pytest.mark.parametrize("style", [" " * 100_000, "url(" * 25_000, "url('" * 20_000])
def test_the_checks_get_through_100_kb_of_a_style_s_urls(style: str) -> None:
    """A translation's style is read for its `url(…)`s: one scan, whatever it holds."""
    from i18npub.core.catalog import Entry
    from i18npub.core.checks import check_entry

    assert any(f.safety for f in check_entry(Entry("Un <span>mot</span>", f'A <span style="url({style}">word</span>')))


@given(TEXTS)
def test_the_exposed_reading_is_the_markdown_one_when_nothing_hides(text: str) -> None:
    """The checks skip the reading with nothing hidden when the Markdown reading holds nothing
    that hides anything (checks._exposed): it must then be the same reading."""
    from i18npub.core.checks import _exposed

    assert _exposed(text, tokenize(text, lines=False)) == tokenize(text, lines=False, exposed=True)


# lines that start with syntax or a letter, and end with a hard break or not
LINE_STARTS = st.sampled_from(["mot", "Été", "", " ", "> ", "* ", "- ", "1. ", "12) ", "# ", ": ", "[^1]: ", "[a]: /b", "*[A]: ", "```", "|"])
LINE_ENDS = st.sampled_from(["\n", "  \n", "\r\n", "  \r\n", "\r", "  \r"])
LINED_TEXTS = st.lists(st.tuples(LINE_STARTS, st.lists(PIECES, max_size=3).map("".join), LINE_ENDS).map("".join), max_size=6).map("".join)
READINGS = st.sampled_from([{}, {"markdown": False}, {"exposed": True}])


@settings(max_examples=1000)
@given(st.one_of(TEXTS, LINED_TEXTS), READINGS)
def test_line_tokens_are_the_only_difference_between_the_two_readings(text: str, reading: dict) -> None:
    """A whole article is read without line tokens (`lines=False`), its units with them: the
    markup the two readings find must be the same. With line tokens the tokenizer stops at every
    character a handler looks at; without, only where one may find something."""
    line_kinds = {Kind.NEWLINE, Kind.LINE_PREFIX}
    with_lines = [t for t in tokenize(text, lines=True, **reading) if t.kind not in line_kinds]
    assert tokenize(text, lines=False, **reading) == with_lines
