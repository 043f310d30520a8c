"""DeepL through the official `deepl` package (deep-translator's DeepL client sends the key as a
query parameter, which DeepL refuses since January 2026). Texts travel as XML: placeholders are
`<x id="n"/>` elements that DeepL is told to ignore, so it moves them with their words."""

from __future__ import annotations

import deepl
from deepl import http_client

from ..core.masking import Style
from ..errors import AuthError, ProviderError, QuotaError, RetryableError
from .base import Limits, Provider, Translation

# the package targets regional English and Portuguese only
_TARGETS = {"en": "EN-US", "en_GB": "EN-GB", "en_US": "EN-US", "pt": "PT-PT", "pt_PT": "PT-PT", "pt_BR": "PT-BR",
            "zh": "ZH-HANS", "zh_Hans": "ZH-HANS", "zh_Hant": "ZH-HANT"}


class DeepLProvider(Provider):
    name = "deepl"
    style = Style.XML
    # the API takes 128 KiB per request; 50 texts per request is DeepL's long-standing advice
    limits = Limits(batch_size=50, batch_chars=60_000)

    def __init__(self, url: str, source: str, target: str, api_key: str | None, timeout: float):
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

    def translate(self, texts: list[str]) -> list[Translation]:
        try:
            results = self._translator.translate_text(
                texts,
                source_lang=self._source,
                target_lang=self._target,
                tag_handling="xml",
                ignore_tags=["x"],
                preserve_formatting=True,
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
