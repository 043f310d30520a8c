"""Internal links localized in a translated page (`core.links`): which links are found, what is
asked of the resolvers, what is written back."""

from __future__ import annotations

from i18npub.core.links import localize_links

PAGES = {"/actualites/un/": "/en/news/one/"}
DOCUMENTS = {"_actualites/un.md": "_actualites/en/un.md"}


def resolve(url: str) -> str | None:
    path, hash_, fragment = url.partition("#")
    return PAGES[path] + hash_ + fragment if path in PAGES else None


def localized(text: str) -> str:
    return localize_links(text, resolve, DOCUMENTS.get).text


def test_links_to_translated_pages_are_pointed_at_them_with_their_fragment() -> None:
    assert localized("Voir [un](/actualites/un/#titre) et <a href=\"/actualites/un/\">un</a>.\n") == (
        "Voir [un](/en/news/one/#titre) et <a href=\"/en/news/one/\">un</a>.\n")


def test_liquid_link_tags_are_pointed_at_the_translated_document_wherever_they_are() -> None:
    text = ("Voir [un]({% link _actualites/un.md %}#titre), <a href=\"{% link _actualites/un.md %}\">un</a>\n"
            "et {% link _actualites/un.md %}.\n")
    result = localize_links(text, resolve, DOCUMENTS.get)
    assert result.text == text.replace("{% link _actualites/un.md %}", "{% link _actualites/en/un.md %}")
    assert result.localized == 3


def test_liquid_link_tags_to_untranslated_documents_stay() -> None:
    text = "Voir [deux]({% link _actualites/deux.md %}#titre).\n"
    assert localized(text) == text
