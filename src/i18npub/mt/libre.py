"""LibreTranslate (self-hosted or keyed), through its HTTP API: the only module importing
requests for its own calls. Our own client because deep-translator sends one text per request
in the query string; the API takes `q` as a JSON list, so a request carries a whole batch."""

from __future__ import annotations

import threading

import requests

from ..errors import AuthError, ConfigError, ProviderError, QuotaError, RetryableError
from .base import Limits, Provider, Translation


class LibreProvider(Provider):
    name = "libre"
    # a server translates a batch sentence by sentence on its CPU: a few thousand characters
    # are a few seconds of work, well inside the timeout even with parallel requests queued
    limits = Limits(batch_size=50, batch_chars=4_000)

    def __init__(self, url: str, source: str, target: str, api_key: str | None, timeout: float):
        if not url:
            raise ConfigError("the libre provider needs the server's address (--url or translate.url)")
        self._endpoint = url.rstrip("/") + "/translate"
        self._url = url.rstrip("/")
        self._source, self._target = _code(source), _code(target)
        self._api_key = api_key
        self._timeout = timeout
        self._local = threading.local()  # one session (connection pool) per worker thread

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def translate(self, texts: list[str]) -> list[Translation]:
        body: dict[str, object] = {"q": texts, "source": self._source, "target": self._target, "format": "text"}
        if self._api_key:
            body["api_key"] = self._api_key  # in the body, never in the URL (URLs end up in messages)
        try:
            response = self._session().post(self._endpoint, json=body, timeout=self._timeout)
        except requests.Timeout:
            raise RetryableError(f"LibreTranslate at {self._url}: no answer within {self._timeout:g} s") from None
        except requests.RequestException as exc:
            raise RetryableError(f"LibreTranslate at {self._url}: {type(exc).__name__}") from None
        try:
            data = response.json()
        except ValueError:
            data = None
        message = data.get("error") if isinstance(data, dict) else None
        status = response.status_code
        if status != 200:
            _raise_for(status, str(message or response.reason), self._url, response.headers.get("Retry-After"))
        result = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(result, str) and len(texts) == 1:
            result = [result]
        if not isinstance(result, list) or len(result) != len(texts) or not all(isinstance(t, str) for t in result):
            raise ProviderError(f"LibreTranslate at {self._url}: unexpected answer (not one translation per text)")
        return [Translation(t) for t in result]


def _raise_for(status: int, message: str, url: str, retry_after: str | None) -> None:
    where = f"LibreTranslate at {url}: {message} (HTTP {status})"
    if status == 429 or status >= 500:
        raise RetryableError(where, _seconds(retry_after))
    if "key" in message.lower():  # "Invalid API key", "… to get an API key" (400 or 403)
        raise AuthError(where)
    if status == 403:  # banned after too many limit violations
        raise QuotaError(where)
    raise ProviderError(where)


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _code(lang: str) -> str:
    """LibreTranslate names languages by their primary subtag (`pt_BR` → `pt`)."""
    return lang.split("_")[0]
