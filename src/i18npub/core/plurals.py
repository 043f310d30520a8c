"""The `Plural-Forms` header, `nplurals=N; plural=EXPRESSION;`: whether gettext can use it.

EXPRESSION is gettext's subset of C over the integer `n`: numbers, `n`, parentheses, `!`, the
arithmetic, comparison and logical operators, and `?:`. A catalog whose header gettext could not
use is refused, as msgfmt refuses it, rather than published with broken plurals.
"""

from __future__ import annotations

import re

# what xgettext writes in a template, for the translator to fill in
PLACEHOLDER = "nplurals=INTEGER; plural=EXPRESSION;"
_TOKEN = re.compile(r"\s*(\d+|n|\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()])")
# binary operators by precedence, loosest first, as in C
_LEVELS = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]


def plural_forms_problem(value: str) -> str | None:
    """What is wrong with a Plural-Forms value, or None when gettext can use it."""
    if value.strip() == PLACEHOLDER:
        return None
    fields = dict(_assignment(part) for part in value.split(";") if part.strip())
    if "nplurals" not in fields:
        return "no nplurals= in Plural-Forms"
    if not fields["nplurals"].isdigit() or int(fields["nplurals"]) < 1:
        return f"nplurals={fields['nplurals']} is not a positive integer"
    if "plural" not in fields:
        return "no plural= in Plural-Forms"
    try:
        _Expression(fields["plural"]).parse()
    except ValueError as exc:
        return f"plural={fields['plural']}: {exc}"
    return None


def _assignment(part: str) -> tuple[str, str]:
    name, _, value = part.partition("=")
    return name.strip(), value.strip()


class _Expression:
    """A recursive-descent reader of gettext's plural expressions: it only checks the syntax."""

    def __init__(self, text: str):
        self.tokens: list[str] = []
        position = 0
        while text[position:].strip():
            match = _TOKEN.match(text, position)
            if match is None:
                raise ValueError(f"unexpected {text[position:].strip()[:10]!r}")
            self.tokens.append(match.group(1))
            position = match.end()
        self.next = 0

    def parse(self) -> None:
        self._conditional()
        if self.next < len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.next]!r}")

    def _peek(self) -> str | None:
        return self.tokens[self.next] if self.next < len(self.tokens) else None

    def _take(self, expected: str) -> None:
        if self._peek() != expected:
            raise ValueError(f"expected {expected!r}")
        self.next += 1

    def _conditional(self) -> None:
        self._binary(0)
        if self._peek() == "?":
            self.next += 1
            self._conditional()
            self._take(":")
            self._conditional()

    def _binary(self, level: int) -> None:
        if level == len(_LEVELS):
            self._unary()
            return
        self._binary(level + 1)
        while self._peek() in _LEVELS[level]:
            self.next += 1
            self._binary(level + 1)

    def _unary(self) -> None:
        token = self._peek()
        if token is None:
            raise ValueError("incomplete expression")
        self.next += 1
        if token == "!":
            self._unary()
        elif token == "(":
            self._conditional()
            self._take(")")
        elif token != "n" and not token.isdigit():
            raise ValueError(f"unexpected {token!r}")
