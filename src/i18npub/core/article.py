"""An article: its front matter and body cut into units (extract), and the same units filled with
translations (build). Both directions go through `Article.units`, built by one traversal."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import SourceError
from . import frontmatter as fm_module
from .anchors import GOLDMARK_ATTRIBUTES, explicit_ids
from .catalog import LINK_CONTEXT, OPTIONAL_CONTEXTS, SITE_CONTEXT, SLUG_CONTEXT, Entry, Key
from .checks import (Finding, Markup, Policy, attribute_print, check_entry, check_texts, finding_of, is_checked, script_print, unsafe_additions,
                     unsafe_text_added)
from .markup import Token
from .frontmatter import FrontMatter, FrontMatterValue
from .segment import Heading, Unit, encoded, plain_unit, segment, splice
from .tomlmatter import read_toml, rewrite_toml

ATTRIBUTE_CONTEXT = "HTML attribute"
PARAMETER_CONTEXT = "template parameter"  # a shortcode's or an include's
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*\r?\n")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r?\n|\Z)", re.M)


@dataclass(slots=True)
class Placed:
    """A unit, the host it lives in (None: the body, text[body_start:]; else the index of a
    front-matter value) and its key."""

    unit: Unit
    host: int | None
    key: Key


@dataclass
class Article:
    path: str  # as shown to people: relative to the site root
    text: str
    front_matter: FrontMatter | None
    body_start: int
    values: list[FrontMatterValue] = field(default_factory=list)
    document: fm_module.Document | None = None  # the front matter's scalars and shape
    units: list[Placed] = field(default_factory=list)
    toml_data: dict[str, Any] | None = None  # what a TOML front matter holds (None: there is none)
    slug: str | None = None  # the last part of its URL, translatable (an optional entry)
    headings: list[Heading] = field(default_factory=list)  # every heading of the body
    body_tokens: list[Token] = field(default_factory=list)  # the body's markup (without line tokens)

    @property
    def toml(self) -> bool:
        return self.toml_data is not None

    @property
    def slug_key(self) -> Key | None:
        return (SLUG_CONTEXT, self.slug) if self.slug else None

    @property
    def counted_keys(self) -> set[Key]:
        """The keys that must be translated for the article to be complete (optional ones, links
        and the slug, left out)."""
        return {p.key for p in self.units if p.key[0] not in OPTIONAL_CONTEXTS}


def decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("not valid UTF-8", path, line) from None


def parse(
    text: str, path: str, prose_keys: list[str], markdown_keys: list[str], link_keys: list[str] = (), slug: str | None = None,
    site_keys: list[str] = (), fold_case: bool = False,
) -> Article:
    """Cut an article into units. Raises SourceError for a broken front matter. The values at
    `link_keys` are links (a localized PDF): units with the context "link", which need no
    translation; `slug` is the last part of the article's URL, which may be given one too. The
    values at `site_keys` (a category, or each item of a list of them) have the context "site":
    the site-wide catalog translates them. With `fold_case`, a key's case does not matter (as
    Hugo reads them: `Title` is `title`)."""
    if "\x04" in text:  # gettext reads it as the end of a context: no catalog can carry it
        raise SourceError("the control character U+0004 (EOT), which no gettext catalog can hold: remove it", path,
                          text.count("\n", 0, text.index("\x04")) + 1)
    front_matter = fm_module.locate(text, path)
    values: list[FrontMatterValue] = []
    document = toml_data = None
    def key(path: str) -> str:
        return path.lower() if fold_case else path

    wanted = {key(p) for p in [*prose_keys, *link_keys, *(p for k in site_keys for p in (k, k + "[]"))]}
    if front_matter is not None:
        body_start = front_matter.body
        values, document = fm_module.read(text, front_matter, wanted, path, key)
    else:
        block = toml_block(text, path)
        body_start = block[2] if block else (1 if text.startswith("\ufeff") else 0)
        if block:
            values, toml_data = read_toml(text, block[0], block[1], wanted, path, key)
    body_line = text.count("\n", 0, body_start) + 1
    placed: list[tuple[Unit, int | None]] = []
    markdown, links, site_wide = set(map(key, markdown_keys)), set(map(key, link_keys)), set(map(key, site_keys))
    site_hosts = set()
    for index, value in enumerate(values):
        kind = f"front matter: {value.path}"
        if key(value.path).removesuffix("[]") in site_wide:
            site_hosts.add(index)
            units = plain_unit(value.value, kind, value.line)
        elif key(value.path) in markdown:
            units = segment(value.value, value.line)
            for unit in units:
                unit.kind = kind
        else:
            units = plain_unit(value.value, kind, value.line)
            if key(value.path) in links:
                for unit in units:
                    unit.syntax = "link"
                    unit.kind = f"{kind} (a link; optional: untranslated, it stays)"
        placed += [(unit, index) for unit in units]
    headings: list[Heading] = []
    tokens: list[Token] = []
    placed += [(unit, None) for unit in segment(text[body_start:], body_line, headings, tokens)]
    article = Article(path, text, front_matter, body_start, values, document, toml_data=toml_data, slug=slug, headings=headings, body_tokens=tokens)
    article.units = _with_keys(placed, site_hosts)
    return article


def toml_block(text: str, path: str) -> tuple[int, int, int] | None:
    """Where Hugo's TOML front matter (`+++`) starts and ends (its lines between the `+++`
    lines), and where the body starts after it; None when there is none."""
    offset = 1 if text.startswith("\ufeff") else 0
    opening = _TOML_OPEN.match(text, offset)
    if not opening:
        return None
    closing = _TOML_CLOSE.search(text, opening.end())
    if not closing:
        raise SourceError("TOML front matter is not closed by a `+++` line", path, 1)
    return opening.end(), closing.start(), closing.end()


def _with_keys(placed: list[tuple[Unit, int | None]], site_hosts: set[int]) -> list[Placed]:
    """Identical text shares one entry; an HTML attribute value or a shortcode's parameter gets a
    context only when the same text also occurs otherwise, since each is escaped its own way; a
    site-wide value has its own, so that it never shares the article's entry of the same text."""
    syntaxes: dict[str, set[str]] = {}
    for unit, _ in placed:
        syntaxes.setdefault(unit.msgid, set()).add(unit.syntax)
    result = []
    for unit, host in placed:
        if host in site_hosts:
            context: str | None = SITE_CONTEXT
        elif unit.syntax == "link":
            context = LINK_CONTEXT
        elif unit.syntax == "text" and unit.kind.startswith("HTML") and len(syntaxes[unit.msgid]) > 1:
            context = ATTRIBUTE_CONTEXT
        elif unit.syntax == "parameter" and len(syntaxes[unit.msgid]) > 1:
            context = PARAMETER_CONTEXT
        else:
            context = None
        result.append(Placed(unit, host, (context, unit.msgid)))
    return result


@dataclass
class Finish:
    """What a build does to the spliced text beyond the translations: headings keep their
    source's ids (`heading_style`: "kramdown", "goldmark" or None), and Markdown texts and link
    values go through `rewrite_links` / `rewrite_url` (internal links localized)."""

    heading_style: str | None = None
    rewrite_links: Callable[[str], str] | None = None
    rewrite_url: Callable[[str], str] | None = None


def render(article: Article, translations: dict[Key, str], added: dict[str, str], finish: Finish = Finish()) -> str:
    """The article with every unit that has a translation replaced, and `added` keys set in the
    front matter (replaced in place when present, added otherwise; an article without front
    matter gets one). Raises SourceError when the front matter cannot take them."""
    return finished(spliced(article, translations, finish.heading_style), added, finish)


@dataclass
class Spliced:
    """An article with its translations spliced in, before what depends on the other articles
    (its links, pointed at their translations): what `finished` needs, without the parse, so
    that a build can keep it, or send it between processes, until every article's URL is known."""

    path: str
    head: str  # the source text before the body (its front matter)
    body: str  # the translated body, headings given their source ids
    front_matter: FrontMatter | None
    document: fm_module.Document | None
    values: list[FrontMatterValue]
    translated_values: dict[int, tuple[str, str]]  # each front-matter value with units → (its text translated, its syntax)
    toml: bool
    eol: str  # the file's own line ending, for a front matter added to an article without one


def spliced(article: Article, translations: dict[Key, str], heading_style: str | None = None) -> Spliced:
    """The translations spliced into the article's body and front-matter values; headings keep
    their source ids in the generator's `heading_style` (None: as they come)."""
    keys = {id(p.unit): p.key for p in article.units}

    def translate(unit: Unit) -> str | None:
        return translations.get(keys[id(unit)])

    text = article.text
    body_units = [p.unit for p in article.units if p.host is None]
    insertions = _heading_ids(article, translate, heading_style) if heading_style else {}
    body = splice(text[article.body_start :], body_units, translate, insertions)
    values = {}
    for index, value in enumerate(article.values):
        units = [p.unit for p in article.units if p.host == index]
        if units:
            values[index] = (splice(value.value, units, translate), units[0].syntax)
    first_break = text.find("\n")
    eol = "\r\n" if first_break > 0 and text[first_break - 1] == "\r" else "\n"
    return Spliced(article.path, text[: article.body_start], body, article.front_matter, article.document,
                   article.values, values, article.toml, eol)


def finished(article: Spliced, added: dict[str, str], finish: Finish = Finish()) -> str:
    """The spliced article as written: its Markdown and link values through `finish`'s rewrites,
    and the `added` keys set in its front matter. Raises SourceError when the front matter
    cannot take them."""
    body = article.body if finish.rewrite_links is None else finish.rewrite_links(article.body)
    head = article.head
    if article.front_matter is not None:
        head = _finished_front_matter(article, added, finish)
    elif article.toml:
        block = toml_block(head, article.path)
        assert block is not None
        head = rewrite_toml(head, block[0], block[1], article.values, _changed_values(article, finish), added, article.path)
    elif added:
        bom = "\ufeff" if head.startswith("\ufeff") else ""
        head = f"{bom}---{article.eol}{fm_module.block_entries(list(added.items()), '', article.eol)}---{article.eol}{head[len(bom) :]}"
    return head + body


def _heading_ids(article: Article, translate: Callable[[Unit], str | None], style: str) -> dict[int, str]:
    """Where to write an explicit id so that every heading of the translated body keeps the id
    its source heading gets: on each translated heading, and on any other whose derived id the
    translations would renumber."""
    body = article.text[article.body_start :]
    by_contents = {p.unit.contents: p.unit for p in article.units if p.host is None and p.unit.contents}
    # the GFM parser wants a space after an ATX heading's hashes: `###Titre` is a paragraph there
    headings = [h for h in article.headings if style != "gfm" or not h.atx or body[h.start - 1 : h.start] != "#"]
    source, translated = [], []
    for heading in headings:
        text = body[heading.start : heading.end]
        source.append(text)
        unit = by_contents.get((heading.start, heading.end))
        translation = translate(unit) if unit is not None else None
        if unit is None or translation is None:
            translated.append(text)
        else:
            first, last = unit.spans[0][0], unit.spans[-1][1]
            translated.append(body[heading.start : first] + encoded(translation, unit) + body[last : heading.end])
    insertions = {}
    for heading, explicit in zip(headings, explicit_ids(style, source, translated)):
        if explicit is None:
            continue
        attributes = GOLDMARK_ATTRIBUTES.search(body, heading.start, heading.end) if style == "goldmark" else None
        if attributes is not None:  # goldmark reads one block of attributes: the id goes into it
            insertions[attributes.start(1)] = f"#{explicit} "
        elif style == "goldmark" or _KRAMDOWN_HEADER_ID.fullmatch(explicit):
            insertions[heading.start + len(body[heading.start : heading.end].rstrip())] = f" {{#{explicit}}}"
        else:  # kramdown's `{#id}` takes an XML name only: an attribute list after the heading
            line_start = body.rfind("\n", 0, heading.start) + 1
            prefix = _CONTAINER_PREFIX.match(body, line_start).group()
            at = heading.last_line_end
            eol = "\r\n" if body[at : at + 2] == "\r\n" else "\n"
            insertions[at] = f'{eol}{prefix}{{: id="{explicit}"}}'
    return insertions


_KRAMDOWN_HEADER_ID = re.compile(r"[A-Za-z_:][\w:.-]*")
_CONTAINER_PREFIX = re.compile(r"(?:[ \t]*>)*[ \t]?")


def article_findings(article: Article, entries: list[Entry], po_file: str, policy: Policy, errors_only: bool = False,
                     other_files: Mapping[int, str] | None = None) -> list[Finding]:
    """The findings of a catalog's `entries` for this article. Every translation is spliced in,
    and each host (the body, each front-matter value) is read once, whole, source and
    translation: each unit's markup is then compared where it stands, with its kinds as the
    article has them (not as the catalog's comments say), and the two hosts as a whole must hold
    no unsafe markup their source lacks — the net under the units, for markup that one
    translation opens and the text around it closes (an attribute list left open before the
    source's `}`, say). A unit that is not Markdown (an attribute's text, a plain value) is read
    alone. Entries the article has no unit for are checked alone. A finding names `po_file`, or
    for an entry of another catalog (the site-wide one's), the file `other_files` gives for it
    (by the entry's `id`)."""
    other_files = other_files or {}

    def file_of(entry: Entry) -> str:
        return other_files.get(id(entry), po_file)

    by_key = {e.key: e for e in entries if is_checked(e)}
    policy = dataclasses.replace(_with_own_prints(article, policy), translated_keys=_translated_keys(article))
    kinds_of: dict[Key, set[str]] = {}
    for placed in article.units:
        kinds_of.setdefault(placed.key, set()).add(placed.unit.kind)
    findings: dict[tuple[int, str, str], Finding] = {}

    def add(found: list[Finding]) -> None:
        for finding in found:
            findings.setdefault((finding.line, finding.code, finding.message), finding)

    for entry in by_key.values():
        if entry.key not in kinds_of:
            add(check_entry(entry, policy, file_of(entry), errors_only))
    translations = {key: entry.msgstr for key, entry in by_key.items()}
    # who is told of what the body's template code prints of them, when no unit of the body changed
    values = [by_key[p.key] for p in article.units if p.host is not None and p.key in by_key]
    for host in _hosts(article, translations, policy.site_values):
        first = [by_key[p.key] for p, _ in host.placements[:1]] or values
        unsafe = unsafe_additions(host.source, host.target, policy)
        reported: set[int] = set()
        for placed, (start, end) in host.placements:
            entry = by_key[placed.key]
            kinds = kinds_of[placed.key]
            unit = placed.unit
            # the unit as the body's template code prints it, where that is known
            texts = None if host.values is None else (printed(entry.msgid, host.values[0]), printed(entry.msgstr, host.values[1]))
            if unit.syntax == "markdown":
                source = host.source.region(unit.spans[0][0], unit.spans[-1][1])
                target = host.target.region(start, end)
                if host.target.host[start:end] != entry.msgstr:
                    # laid out with the host's prefixes or joiners, it may read otherwise alone:
                    # what it would be alone must be safe too
                    add([f for f in check_entry(entry, policy, file_of(entry), errors_only, kinds, texts) if f.safety])
            else:
                source, target = Markup.of(entry.msgid), Markup.of(entry.msgstr)
            own = check_texts(entry, source, target, policy, kinds, file_of(entry), errors_only, texts)
            add(own)
            if unit.syntax == "markdown" and any(f.safety for f in own):  # what the host's net finds there is the unit's to fix
                reported.update(id(t) for _, t in unsafe if t is not None and t.end > start and t.start < end)
        for problem, token in unsafe:  # what no unit's own comparison saw
            if token is None or id(token) in reported:
                continue
            culprit = next((by_key[p.key] for p, (s, e) in host.placements if s <= token.start < e), None)
            culprit = culprit or first[0]
            add([finding_of(culprit, problem, file_of(culprit))])
        if not unsafe and not reported:  # what units write together, across their bounds: the first changed one is told
            changed = [by_key[p.key] for p, _ in host.placements if by_key[p.key].msgstr != by_key[p.key].msgid]
            culprit = (changed or (values if host.printed else []) or first)[0]
            # with what the body's template code prints of other units (a translated title)
            for reading in host.printed or [None]:
                add([finding_of(culprit, problem, file_of(culprit)) for problem in unsafe_text_added(host.source.host, host.target.host, policy, reading)])
    return list(findings.values())


# the page variables Jekyll makes of other keys too (`page.tags` of `tag`, `page.categories` of `category`)
_PLURAL_OF = {"tag": "tags", "category": "categories"}


def _translated_keys(article: Article) -> frozenset[str]:
    """The page variables whose values a translation of the article may change: the top-level
    keys that hold a unit, the plural Jekyll makes of a singular one, and the keys whose value is
    an alias (of any anchored value)."""
    keys = {_top_key(article.values[p.host].path) for p in article.units if p.host is not None}
    if article.document is not None:
        keys |= {_top_key(scalar.path) for scalar in article.document.scalars if scalar.tag == fm_module.ALIAS}
    return frozenset(keys | {_PLURAL_OF[key] for key in keys if key in _PLURAL_OF})


def _top_key(path: str) -> str:
    """The top-level key of a front-matter value's path (`image.alt`, `files[].nom`, `une{}`), as
    template code names it, whatever its case (Hugo's keys ignore it)."""
    return path.partition(".")[0].partition("[")[0].removesuffix("{}").lower()


def _with_own_prints(article: Article, policy: Policy) -> Policy:
    """The policy, where the article's own raw HTML prints inside script or inside a tag what a
    translation may have written (`{{ page.title }}` in its `<script>` or its `alt="…"`) and the
    site's templates do not, naming it."""
    body = article.text[article.body_start :]
    if "{{" not in body and "{%" not in body or "<" not in body and "&" not in body:
        return policy
    body_line = article.text.count("\n", 0, article.body_start) + 1
    found = {}
    for where, finder in (("printed_in_script", script_print), ("printed_in_attribute", attribute_print)):
        offset = None if getattr(policy, where) else finder(body)
        if offset is not None:  # its line, in the entity-decoded body the offset is of
            line = body_line + html.unescape(body).count("\n", 0, offset)
            found[where] = f"{article.path}:{line}"
    return dataclasses.replace(policy, **found) if found else policy


# a Liquid output of a page's or the site's variable (`{{ page.title }}`, `{{- site.url -}}`), or Hugo's
# `param` shortcode (`{{< param "title" >}}`); with a filter, what it prints is not the value
_PRINTED = re.compile(r"\{\{(-?)[ \t\r\n]*((?:page|site)\.[\w.-]+)[ \t\r\n]*(-?)\}\}"
                      r"|\{\{<[ \t]*param[ \t]+(\"?)([\w.-]+)\4[ \t]*>\}\}|\{\{%[ \t]*param[ \t]+(\"?)([\w.-]+)\6[ \t]*%\}\}")
_LIQUID_BLANKS = " \t\r\n\f\v"  # what Liquid's whitespace control strips
# the page variables a generator computes, or `build` writes from a translation (a slug), whatever
# the source's front matter says: Jekyll's page and document drops', and Hugo's
_COMPUTED_PAGE_KEYS = frozenset({"content", "excerpt", "output", "url", "permalink", "slug", "path", "relative_path", "dir",
                                 "name", "id", "collection", "next", "previous", "date", "categories", "tags"})
_STRING, _INTEGER = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")  # an integer that Ruby and Go read, and print, as PyYAML does


def printed(text: str, values: dict[str, str]) -> str:
    """`text` as its template code prints where what it prints is known: a page's value
    (`{{ page.title }}`, `{{< param "title" >}}`) or the site's (`{{ site.url }}`, the site's
    params for `param`), as `values` has them (see `_printed_values`), with the blanks that
    Liquid's whitespace control strips. Other code is left as it is: what it prints is not known.
    Only through what is printed do two units' texts meet, as in `java{{ page.title }}` with a
    title translated as `script:…`."""
    pieces, at = [], 0
    for match in _PRINTED.finditer(text):
        strip_before, name, strip_after, _, hugo, _, markdown_hugo = match.groups()
        value = values.get(name) if name else values.get("param " + (hugo or markdown_hugo).lower())
        if value is None:
            continue
        before = text[at : match.start()]
        pieces += [before.rstrip(_LIQUID_BLANKS) if strip_before else before, value]
        at = match.end()
        if strip_after:
            while at < len(text) and text[at] in _LIQUID_BLANKS:
                at += 1
    return "".join(pieces) + text[at:] if pieces else text


def _printed_values(article: Article, translated: dict[int, str], site_values: Mapping[str, str]) -> list[dict[str, str]]:
    """What template code prints of each value, by its name (`page.title`, `site.url`, and
    `param title` for Hugo's shortcode, whose keys are case-insensitive): the front matter's
    strings and integers (`translated` replaces the values at those indexes of `article.values`)
    but those a generator computes, the site's values (`site_values`), and for `param`, the
    site's params unless the page has the key (a front matter that is not YAML is not read: which
    keys it has is not known). A name two values share (`image: {alt: …}` beside `"image.alt": …`,
    `Title` beside `title` for `param`) prints the one each generator looks up first: one reading
    for each of them, in turn."""
    values = {name: value for name, value in site_values.items() if name.startswith("site.")}
    if article.document is None:
        return [values]
    values |= {"param " + name.removeprefix("site.params."): value for name, value in site_values.items() if name.startswith("site.params.")}
    assert article.front_matter is not None
    at = {(value.path, value.start - article.front_matter.start): index for index, value in enumerate(article.values)}
    named: dict[str, list[str]] = {}  # each name → the texts it may print, in document order
    for scalar in article.document.scalars:
        if "[]" in scalar.path or "{}" in scalar.path or scalar.path.partition(".")[0].lower() in _COMPUTED_PAGE_KEYS:
            continue
        if scalar.tag == _STRING or (scalar.tag == _INTEGER and _DECIMAL.fullmatch(scalar.value)):
            text = scalar.value if scalar.tag == _STRING else str(int(scalar.value))
            text = translated.get(at.get((scalar.path, scalar.start), -1), text)
            named.setdefault(f"page.{scalar.path}", []).append(text)
            named.setdefault(f"param {scalar.path.lower()}", []).append(text)
    present = {_top_key(scalar.path) for scalar in article.document.scalars}
    for name in [name for name in values if name.startswith("param ")]:  # the page's own key hides the site's
        if name.removeprefix("param ").partition(".")[0] in present:
            del values[name]
    readings = max((len(texts) for texts in named.values()), default=1)
    return [values | {name: texts[min(reading, len(texts) - 1)] for name, texts in named.items()} for reading in range(readings)]


@dataclass
class _Host:
    """A text that translations are spliced into: the body or a front-matter value, read whole
    before and after, and where each translated unit landed."""

    source: Markup
    target: Markup
    placements: list[tuple[Placed, tuple[int, int]]]
    values: tuple[dict[str, str], dict[str, str]] | None = None  # what the body's template code prints, before and after
    # source and target as their template code prints them (see `printed`), once for each reading
    # of the values (see `_printed_values`)
    printed: list[tuple[str, str]] = field(default_factory=list)


def _hosts(article: Article, translations: dict[Key, str], site_values: Mapping[str, str]) -> list[_Host]:
    keys = {id(p.unit): p.key for p in article.units}

    def translate(unit: Unit) -> str | None:
        return translations.get(keys[id(unit)])

    body = article.text[article.body_start :]
    texts: list[tuple[str, list[Placed], list[Token] | None]] = [(body, [p for p in article.units if p.host is None], article.body_tokens)]
    texts += [(value.value, [p for p in article.units if p.host == i], None) for i, value in enumerate(article.values)]
    readings: list[tuple[dict[str, str], dict[str, str]]] = []
    if "{{" in body:  # what the body's Liquid or shortcodes may print of the values, before and after
        translated = {i: splice(text, [p.unit for p in placed], translate) for i, (text, placed, _) in enumerate(texts[1:])}
        readings = list(zip(_printed_values(article, {}, site_values), _printed_values(article, translated, site_values)))
        # a site-wide value whose translation is not among these (untranslated, or its catalog
        # not read: `review` reads the article's alone) prints what is not known here
        for i, (_, placed, _) in enumerate(texts[1:]):
            if any(p.key[0] == SITE_CONTEXT and p.key not in translations for p in placed):
                for side in (side for reading in readings for side in reading):
                    side.pop(f"page.{article.values[i].path}", None)
                    side.pop(f"param {article.values[i].path.lower()}", None)
    # the body is read again where its template code may print the values translated, even with no
    # unit of its own translated
    prints_values = ("{{" in body or "{%" in body) and any(translate(p.unit) is not None for _, placed, _ in texts[1:] for p in placed)
    hosts = []
    for text, placed, tokens in texts:
        if not any(translate(p.unit) is not None for p in placed) and not (tokens is not None and prints_values):
            continue
        where: dict[int, tuple[int, int]] = {}
        built = splice(text, [p.unit for p in placed], translate, placements=where)
        source = Markup.of(text) if tokens is None else Markup(text, tokens)
        host = _Host(source, Markup.of(built), [(p, where[id(p.unit)]) for p in placed if id(p.unit) in where])
        if tokens is not None and readings:
            host.values = readings[0]
            host.printed = [(printed(body, before), printed(built, after)) for before, after in readings]
        hosts.append(host)
    return hosts


def _finished_front_matter(article: Spliced, added: dict[str, str], finish: Finish) -> str:
    """The head of the article (through the front matter's closing line) with its values translated."""
    assert article.front_matter is not None and article.document is not None
    return fm_module.rewrite(
        article.head, article.front_matter, article.document, article.values, _changed_values(article, finish), added, article.path
    )


def _changed_values(article: Spliced, finish: Finish) -> dict[int, str]:
    """The front-matter values that the translation changes, by index, through `finish`'s rewrites."""
    changes: dict[int, str] = {}
    for index, (new, syntax) in article.translated_values.items():
        if syntax == "link" and finish.rewrite_url is not None:
            new = finish.rewrite_url(new)
        elif syntax == "markdown" and finish.rewrite_links is not None:
            new = finish.rewrite_links(new)
        if new != article.values[index].value:
            changes[index] = new
    return changes
