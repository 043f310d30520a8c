"""Internal links localized in a translated page (`core.links`): which links are found, what is
asked of the resolvers, what is written back."""

from __future__ import annotations

import html

import pytest
from ada_url import URL

from i18npub.core.links import Targets, localize_links
from i18npub.stages.build import rebased

PAGES = {"/actualites/un/": "/en/news/one/"}
DOCUMENTS = {"_actualites/un.md": "_actualites/en/un.md"}


def resolve(url: str) -> str | None:
    path, hash_, fragment = url.partition("#")
    return PAGES[path] + hash_ + fragment if path in PAGES else None


TARGETS = Targets(page=resolve, document=DOCUMENTS.get)


def localized(text: str) -> str:
    return localize_links(text, TARGETS).text


def test_links_to_translated_pages_are_pointed_at_them_with_their_fragment() -> None:
    assert localized("Voir [un](/actualites/un/#titre) et <a href=\"/actualites/un/\">un</a>.\n") == (
        "Voir [un](/en/news/one/#titre) et <a href=\"/en/news/one/\">un</a>.\n")


def test_an_unquoted_attribute_s_new_value_is_quoted() -> None:
    """The value is read entity-decoded: written back unquoted, a blank in it would start another
    attribute (`&#32;onmouseover&#61;…`)."""
    assert localized("<a href=/actualites/un/#x&#32;onmouseover&#61;alert(1)>un</a>\n") == (
        '<a href="/en/news/one/#x onmouseover=alert(1)">un</a>\n')
    assert localized("<a href='/actualites/un/'>un</a>\n") == "<a href='/en/news/one/'>un</a>\n"


def test_liquid_link_tags_are_pointed_at_the_translated_document_wherever_they_are() -> None:
    text = ("Voir [un]({% link _actualites/un.md %}#titre), <a href=\"{% link _actualites/un.md %}\">un</a>\n"
            "et {% link _actualites/un.md %}.\n")
    result = localize_links(text, TARGETS)
    assert result.text == text.replace("{% link _actualites/un.md %}", "{% link _actualites/en/un.md %}")
    assert result.localized == 3


def test_liquid_link_tags_to_untranslated_documents_stay() -> None:
    text = "Voir [deux]({% link _actualites/deux.md %}#titre).\n"
    assert localized(text) == text


def test_hugo_refs_to_pages_without_translation_take_the_source_page() -> None:
    """Hugo finds a `ref`'s page in the page's own language and stops when there is none."""
    untranslated = {"actualites/deux.md"}
    text = ('[deux]({{< ref "actualites/deux.md#titre" >}}), {{% relref path="actualites/deux.md" %}}, '
            '[un]({{< ref "actualites/un.md" >}}), {{< ref path="actualites/deux.md" lang="de" >}}\n')
    result = localize_links(text, Targets(resolve, reference=lambda path: "fr" if path.partition("#")[0] in untranslated else None))
    assert result.text == ('[deux]({{< ref path="actualites/deux.md#titre" lang="fr" >}}), {{% relref path="actualites/deux.md" lang="fr" %}}, '
                           '[un]({{< ref "actualites/un.md" >}}), {{< ref path="actualites/deux.md" lang="de" >}}\n')
    assert result.untranslated == ["actualites/deux.md#titre", "actualites/deux.md"]


def test_urls_leading_to_no_translation_are_given_to_rebase() -> None:
    untranslated = {"../deux/"}

    def resolve_or_untranslated(url: str) -> str | None:
        return "" if url in untranslated else resolve(url)

    text = '![logo](../img/logo.png) <img src="../img/x.png" alt=""> [deux](../deux/) [un](/actualites/un/)\n'
    result = localize_links(text, Targets(resolve_or_untranslated, DOCUMENTS.get, rebase=lambda url: "/R/" + url.removeprefix("../")))
    assert result.text == '![logo](/R/img/logo.png) <img src="/R/img/x.png" alt=""> [deux](/R/deux/) [un](/en/news/one/)\n'
    assert (result.localized, result.untranslated) == (1, ["../deux/"])


def test_a_relative_url_is_rebased_only_where_it_would_lead_elsewhere() -> None:
    assert rebased("../../uploads/logo.svg", "/actualites/un/", "/en/actualites/one/") == "/uploads/logo.svg"
    assert rebased("../deux/?a=1#titre", "/actualites/un/", "/en/actualites/un/") == "/actualites/deux/?a=1#titre"
    assert rebased("logo.svg", "/actualites/un.html", "/actualites/one.html") is None  # the same folder
    for url in ("/uploads/logo.svg", "https://example.org/x", "mailto:a@example.org", "#titre", "{{ site.baseurl }}/x"):
        assert rebased(url, "/actualites/un/", "/en/actualites/one/") is None


@pytest.mark.parametrize("url", ["../../\\evil.example/x", "../..//evil.example/x", "../../&#47;evil.example/x",
                                 "../../\t/evil.example/x", "../../&#92;evil.example/x"])
def test_a_rebased_url_never_names_another_host(url: str) -> None:
    """A browser (WHATWG, by ada) reads `\\` as `/`, decodes entities in an attribute and drops
    tabs: the rebased URL, read so on the translation's page, stays on the site."""
    result = rebased(url, "/actualites/un/", "/en/actualites/one/")
    written = html.unescape(result if result is not None else url)
    assert URL(written, base="https://site.example/en/actualites/one/").hostname == "site.example"
