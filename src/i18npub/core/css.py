"""The URLs a piece of CSS can load, found by tinycss2's tokenizer (CSS Syntax Level 3, as
browsers tokenize: escapes such as `u\\72l(`, comments, strings): the only module that imports
tinycss2, on first use."""

from __future__ import annotations

# functions whose string arguments are URLs, as url("…") is
URL_FUNCTIONS = {"url", "src"}
IMAGE_FUNCTIONS = {"image", "image-set", "-webkit-image-set", "cross-fade", "-webkit-cross-fade"}
BLANKS = {"whitespace", "comment"}


def css_urls(css: str) -> list[str]:
    """The URLs (as written, unresolved) of a style attribute, an SVG presentation attribute or a
    style sheet: url() in both spellings, src(), the strings of image-set() and its kin, and
    @import's string."""
    if "(" not in css and "@" not in css:  # no url token, function or at-rule can start
        return []
    import tinycss2

    found: list[str] = []
    _collect(tinycss2.parse_component_value_list(css), found)
    return found


def _collect(values: list, found: list[str]) -> None:
    after_import = False
    for value in values:
        if value.type in BLANKS:
            continue
        if value.type == "url":
            found.append(value.value)
        elif value.type == "string" and after_import:
            found.append(value.value)
        elif value.type == "function":
            arguments = [a for a in value.arguments if a.type not in BLANKS]
            if value.lower_name in URL_FUNCTIONS and arguments and arguments[0].type == "string":
                found.append(arguments[0].value)
            elif value.lower_name in IMAGE_FUNCTIONS:
                found.extend(a.value for a in arguments if a.type == "string")
            _collect(value.arguments, found)
        elif value.type in ("() block", "[] block", "{} block"):
            _collect(value.content, found)
        after_import = value.type == "at-keyword" and value.lower_value == "import"
