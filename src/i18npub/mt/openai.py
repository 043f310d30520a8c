"""Large language models behind an OpenAI-compatible chat-completion API (OpenAI, Mistral, and
self-hosted Ollama, vLLM or llama.cpp servers), through the official `openai` package: the only
module importing it. The package is an optional extra (`pip install 'i18npub[openai]'`): about
40 MB that no other command needs.

One request per batch: the units as JSON, each with an id, grouped into excerpts of their
articles (the title, the unit just before and just after), with the glossary's fixed
translations of the terms they hold; the reply must be a JSON object with one translation per
id. The package's own retries are off (the engine retries), and what goes wrong becomes ours:

    timeout, connection failure, 429, 5xx       RetryableError (429: its Retry-After honoured)
    429 with the code "insufficient_quota"      QuotaError
    401, 403                                    AuthError
    any other status (400; 404: a wrong URL or a model the server does not have)
                                                ProviderError
    an answer that is not a chat completion     ProviderError (a web page: a wrong URL)
    a reply that is not the JSON asked for      RetryableError (a model may answer well next time)
    a reply cut at the model's length limit     ProviderError (the same batch would be cut again)
    a refusal (finish_reason "content_filter", a refusal text), an id left out of the reply:
        no translation for those texts, with the reason; they are reported and a rerun asks again
"""

from __future__ import annotations

import json
from typing import Any

from ..core.glossary import Terms
from ..core.languages import english_name
from ..errors import AuthError, ConfigError, ProviderError, QuotaError, RetryableError
from .base import Context, Limits, Provider, TermMasking, Translation

try:
    import openai
except ImportError:  # the optional extra is not installed: said when the provider is asked for
    openai = None  # type: ignore[assignment]

_URL_HINT = " (the URL must be the API's base, such as http://localhost:11434/v1, and the model one the server has)"
PROMPT_VERSION = "1"  # part of cache keys: bump when the instructions change
NO_KEY = "no-key"  # what the package sends when the server needs no key (it insists on one)

_INSTRUCTIONS = """You translate the text units of a website's articles from {source} to {target}.

The user message is a JSON object. "excerpts" lists parts of articles: each has the article's \
"title", the "units" to translate (each with an "id" and a "text"), in the article's order, and \
may have the text just "before" and "after" them. The title, "before" and "after" are context: \
do not translate them. "glossary", when present, gives the translation to use for a term.

Rules:
- Translate each unit's text completely and faithfully, as a unit of its own.
- Placeholders such as [X0X] stand for markup, links or names: keep every one exactly as \
written, once, where its words go in the translation, and add none.
- Keep the line breaks of each text.
- Translate each glossary term with the translation given.

Reply with a JSON object that maps each id to its translation, and nothing else: \
{{"1": "...", "2": "..."}}"""


class OpenAIProvider(Provider):
    name = "openai"
    term_masking = TermMasking.KEPT
    uses_context = True
    # small enough for a self-hosted model with a 4,096-token context: the instructions, the
    # units and their context, and the reply, which is as long again
    limits = Limits(batch_size=20, batch_chars=3_000)

    def __init__(self, url: str, model: str, source: str, target: str, api_key: str | None, timeout: float, glossary: Terms):
        if openai is None:
            raise ConfigError("the openai provider needs the openai package: pip install 'i18npub[openai]'")
        if not model:
            raise ConfigError("the openai provider needs a model, as the server names it (--model or translate.model)")
        if not api_key and not url:
            raise AuthError("OpenAI's API needs a key: set the environment variable named in translate.key_env.openai")
        self._model = model
        self._timeout = timeout
        self._client = openai.OpenAI(api_key=api_key or NO_KEY, base_url=url or None, timeout=timeout, max_retries=0)
        self._where = f"{model} at {str(self._client.base_url).rstrip('/')}"
        self._instructions = _INSTRUCTIONS.format(source=english_name(source), target=english_name(target))
        self._glossary = Terms(glossary.fixed)

    @property
    def cache_id(self) -> str:
        glossary = f" glossary={self._glossary.digest}" if self._glossary else ""
        return f"openai model={self._model} prompt={PROMPT_VERSION}{glossary}"

    def translate(self, texts: list[str]) -> list[Translation]:
        return self.translate_in_context(texts, [None] * len(texts))

    def translate_in_context(self, texts: list[str], contexts: list[Context | None]) -> list[Translation]:
        ids = [str(n) for n in range(1, len(texts) + 1)]
        request: dict[str, object] = {"excerpts": _excerpts(ids, texts, contexts)}
        # each term as the texts write it, with the form its translation must take there
        glossary = {" ".join(f.text.split()): f.output for text in texts for f in self._glossary.find(text)}
        if glossary:
            request["glossary"] = glossary
        messages = [
            {"role": "system", "content": self._instructions},
            {"role": "user", "content": json.dumps(request, ensure_ascii=False)},
        ]
        try:
            completion = self._client.chat.completions.create(
                model=self._model, messages=messages, response_format={"type": "json_object"}, stream=False
            )
        except openai.APIError as exc:
            raise self._error(exc) from None
        except ValueError:  # a body that says it is JSON and is not
            raise ProviderError(f"{self._where}: the answer is not a chat completion{_URL_HINT}") from None
        return self._read(completion, ids)

    def _read(self, completion: Any, ids: list[str]) -> list[Translation]:
        if not isinstance(completion, openai.types.chat.ChatCompletion):  # a web page, a proxy's message
            raise ProviderError(f"{self._where}: the answer is not a chat completion{_URL_HINT}")
        choices = completion.choices or []
        if not choices:
            raise RetryableError(f"{self._where}: a reply without a message")
        choice = choices[0]
        refusal = getattr(choice.message, "refusal", None)
        if refusal or choice.finish_reason == "content_filter":
            reason = f"refused by the model: {_clip(refusal)!r}" if refusal else "refused by the server's content filter"
            return [Translation(None, reason) for _ in ids]
        if choice.finish_reason == "length":
            raise ProviderError(f"{self._where}: the reply was cut at the model's length limit "
                                "(raise the server's context or output size, e.g. Ollama's num_ctx)")
        content = choice.message.content or ""
        try:
            data = json.loads(content)
        except ValueError:
            raise RetryableError(f"{self._where}: the reply is not the JSON asked for: {_clip(content)!r}") from None
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise RetryableError(f"{self._where}: the reply is not an object of translations: {_clip(content)!r}")
        unknown = sorted(set(data) - set(ids))
        if unknown:
            raise RetryableError(f"{self._where}: the reply has ids that were not asked for ({', '.join(unknown[:5])})")
        return [Translation(data[i]) if i in data else Translation(None, "left out of the model's reply") for i in ids]

    def _error(self, exc: Exception) -> Exception:
        where = self._where
        if isinstance(exc, openai.APITimeoutError):
            return RetryableError(f"{where}: no answer within {self._timeout:g} s")
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__
            return RetryableError(f"{where}: connection failed ({type(cause).__name__ if cause else 'no answer'})")
        if not isinstance(exc, openai.APIStatusError):
            return ProviderError(f"{where}: {_clip(str(exc))}")
        status = exc.status_code
        body = exc.body if isinstance(exc.body, dict) else {}
        message = f"{_clip(str(body.get('message') or exc.message))} (HTTP {status})"
        if status == 429 and exc.code == "insufficient_quota":
            return QuotaError(f"{where}: {message}")
        if status == 429 or status >= 500:
            return RetryableError(f"{where}: {message}", _seconds(exc.response.headers.get("retry-after")))
        if status in (401, 403):
            return AuthError(f"{where}: key refused: {message}; set the environment variable named in translate.key_env.openai")
        return ProviderError(f"{where}: {message}" + (_URL_HINT if status == 404 else ""))


def _excerpts(ids: list[str], texts: list[str], contexts: list[Context | None]) -> list[dict[str, object]]:
    """The batch as runs of consecutive units of one article, each run with its article's title
    and the units around it: a neighbour that is in the batch is not repeated as context."""
    runs: list[list[tuple[str, str, Context | None]]] = []
    for item in zip(ids, texts, contexts):
        context, last = item[2], runs[-1][-1][2] if runs else None
        if not (context and last and context.article == last.article and context.index == last.index + 1):
            runs.append([])
        runs[-1].append(item)
    return [_excerpt(run) for run in runs]


def _excerpt(run: list[tuple[str, str, Context | None]]) -> dict[str, object]:
    first, last = run[0][2], run[-1][2]
    excerpt: dict[str, object] = {}
    if first and first.title:
        excerpt["title"] = first.title
    if first and first.before:
        excerpt["before"] = first.before
    excerpt["units"] = [{"id": id_, "text": text} for id_, text, _ in run]
    if last and last.after:
        excerpt["after"] = last.after
    return excerpt


def _clip(text: str | None, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
