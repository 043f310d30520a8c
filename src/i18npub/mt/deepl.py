"""DeepL through the official `deepl` package (deep-translator's DeepL client sends the key as a
query parameter, which DeepL refuses since January 2026). Texts travel as XML: placeholders are
`<x id="n"/>` elements that DeepL is told to ignore, so it moves them with their words.

The site glossary's fixed translations go to DeepL as a glossary of the account, made on the first
request and named after its content (`i18npub <digest>`), so every run with the same terms, on
any machine, uses the same one; a changed glossary makes a new one (older ones stay in the
account until deleted there)."""

from __future__ import annotations

import threading

import deepl
from deepl import http_client

from ..core.glossary import Terms
from ..core.masking import Style
from ..errors import AuthError, ProviderError, QuotaError, RetryableError
from .base import Limits, Provider, TermMasking, Translation

# the package targets regional English and Portuguese only
_TARGETS = {"en": "EN-US", "en_GB": "EN-GB", "en_US": "EN-US", "pt": "PT-PT", "pt_PT": "PT-PT", "pt_BR": "PT-BR",
            "zh": "ZH-HANS", "zh_Hans": "ZH-HANS", "zh_Hant": "ZH-HANT"}


class DeepLProvider(Provider):
    name = "deepl"
    style = Style.XML
    term_masking = TermMasking.KEPT
    # the API takes 128 KiB per request; 50 texts per request is DeepL's long-standing advice
    limits = Limits(batch_size=50, batch_chars=60_000)

    def __init__(self, url: str, source: str, target: str, api_key: str | None, timeout: float, glossary: Terms = Terms()):
        if not api_key:
            raise AuthError("DeepL needs an authentication key: set the environment variable named in translate.key_env.deepl")
        # our drafting layer retries with its own policy and counts; the package must not retry behind it
        http_client.max_network_retries = 0
        http_client.min_connection_timeout = timeout
        # without a URL the package picks the free endpoint for keys ending in ":fx", else pro
        self._translator = deepl.Translator(api_key, server_url=url or None, send_platform_info=False)
        self._server = self._translator.server_url
        self._source = source.split("_")[0].upper()
        self._target = _TARGETS.get(target, target.split("_")[0].upper())
        fixed = Terms(glossary.fixed)
        self._digest = fixed.digest if fixed else ""
        self._entries = {form: target or "" for term in fixed.terms for form, target in term.variants()}
        self._glossary_id: str | None = None
        self._glossary_lock = threading.Lock()

    @property
    def cache_id(self) -> str:
        return f"deepl glossary={self._digest}" if self._digest else "deepl"

    def _glossary(self) -> str | None:
        """The id of the account's glossary with our entries, found or made once."""
        if not self._entries:
            return None
        with self._glossary_lock:
            if self._glossary_id is None:
                name = f"i18npub {self._digest}"
                target = deepl.Language.remove_regional_variant(self._target)
                same = [g for g in self._translator.list_glossaries()
                        if g.name == name and (g.source_lang, g.target_lang) == (self._source, target)]
                made = same[0] if same else self._translator.create_glossary(name, self._source, target, self._entries)
                self._glossary_id = made.glossary_id
            return self._glossary_id

    def translate(self, texts: list[str]) -> list[Translation]:
        try:
            results = self._translator.translate_text(
                texts,
                source_lang=self._source,
                target_lang=self._target,
                tag_handling="xml",
                ignore_tags=["x"],
                preserve_formatting=True,
                glossary=self._glossary(),
            )
        except deepl.AuthorizationException:
            raise AuthError(f"DeepL at {self._server}: authentication key refused") from None
        except deepl.QuotaExceededException:
            raise QuotaError(f"DeepL at {self._server}: character quota for this billing period exhausted") from None
        except deepl.TooManyRequestsException:
            raise RetryableError(f"DeepL at {self._server}: too many requests (HTTP 429)") from None
        except deepl.ConnectionException as exc:
            raise RetryableError(f"DeepL at {self._server}: connection failed or timed out ({_short(exc)})") from None
        except deepl.DeepLException as exc:
            status = exc.http_status_code or 0
            if status >= 500 or exc.should_retry:
                raise RetryableError(f"DeepL at {self._server}: server error (HTTP {status})") from None
            raise ProviderError(f"DeepL at {self._server}: {_short(exc)}") from None
        if len(results) != len(texts):
            raise ProviderError(f"DeepL at {self._server}: unexpected answer (not one translation per text)")
        return [Translation(r.text) for r in results]


def _short(exc: Exception) -> str:
    return str(exc).split(", content:")[0][:200]
