"""Google, MyMemory and Microsoft through deep-translator: the only module importing it.

deep-translator sets no timeout, never retries, sends one text per request and lets requests'
exceptions through, so this adapter (a) gives every request made from a calling thread a
timeout, (b) turns the library's and requests' exceptions into ours, and (c) catches MyMemory's
quota warning, which arrives as a "translation". A translator object keeps the request's
parameters as state, so each call builds its own (cheap: no network in the constructors used).
"""

from __future__ import annotations

import functools
import re
import threading
from abc import abstractmethod

import requests
from deep_translator import GoogleTranslator, MicrosoftTranslator, MyMemoryTranslator
from deep_translator import exceptions as dt
from deep_translator.base import BaseTranslator
from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

from ..core.languages import english_name
from ..errors import AuthError, ConfigError, ProviderError, QuotaError, RetryableError
from .base import Limits, Provider, Translation

_calls = threading.local()  # .timeout: seconds for requests made by this thread; .error: last failure


def _install_timeout() -> None:
    """Give requests made by deep-translator (module-level requests.get/post, which go through
    Session.request) our timeout, only in threads that asked for one. Installed once."""
    original = requests.Session.request
    if getattr(original, "_i18npub", False):
        return

    @functools.wraps(original)
    def request(self, method, url, **kwargs):  # type: ignore[no-untyped-def]
        timeout = getattr(_calls, "timeout", None)
        if timeout is not None and kwargs.get("timeout") is None:
            kwargs["timeout"] = timeout
        try:
            return original(self, method, url, **kwargs)
        except requests.RequestException as exc:
            _calls.error = exc  # Microsoft's client logs and swallows these: keep them for us
            raise

    request._i18npub = True  # type: ignore[attr-defined]
    requests.Session.request = request  # type: ignore[method-assign]


class _DeepTranslatorProvider(Provider):
    endpoint_default = ""

    def __init__(self, url: str, source: str, target: str, timeout: float):
        _install_timeout()
        self._endpoint = url or self.endpoint_default
        self._source, self._target = source, target
        self._timeout = timeout
        try:
            self._make()  # unsupported languages fail now, before anything is sent
        except dt.BaseError as exc:
            raise ConfigError(f"{self.name}: {exc.message.splitlines()[0]} ({exc.val})") from None

    @abstractmethod
    def _make(self) -> BaseTranslator:
        """A fresh client of the library, aimed at our endpoint."""

    def translate(self, texts: list[str]) -> list[Translation]:
        return [Translation(self._one(text)) for text in texts]

    def _one(self, text: str) -> str:
        where = f"{self.name} ({self._endpoint})"
        _calls.timeout, _calls.error = self._timeout, None
        try:
            result = self._make().translate(text)
        except requests.Timeout:
            raise RetryableError(f"{where}: no answer within {self._timeout:g} s") from None
        except requests.RequestException as exc:
            raise RetryableError(f"{where}: {type(exc).__name__}") from None
        except dt.TooManyRequests:
            raise RetryableError(f"{where}: too many requests (HTTP 429)") from None
        except (dt.RequestError, dt.TranslationNotFound):
            # the library keeps no status code: a 5xx, a block page or a changed page all land here
            raise RetryableError(f"{where}: request failed or no translation in the answer") from None
        except dt.MicrosoftAPIerror as exc:
            _raise_microsoft(where, exc.api_message)
        except AttributeError:
            # Microsoft's client logs a failed request and then reads the JSON of `None`
            error = getattr(_calls, "error", None)
            if error is None:
                raise
            raise RetryableError(f"{where}: {type(error).__name__}") from None
        except (dt.BaseError, dt.ServerException) as exc:
            raise ProviderError(f"{where}: {exc}") from None
        finally:
            _calls.timeout = None
        if result is None:  # Google answers None for punctuation it leaves as is
            return text
        if not isinstance(result, str):
            raise ProviderError(f"{where}: unexpected answer")
        self._check(result, where)
        return result

    def _check(self, result: str, where: str) -> None:
        """Reject answers that are service messages rather than translations."""


class GoogleProvider(_DeepTranslatorProvider):
    name = "google"
    endpoint_default = "https://translate.google.com/m"
    limits = Limits(max_chars=4999)  # the library refuses 5,000 characters and more
    default_rate = 1.0  # the free web endpoint blocks IP addresses that send in bursts

    def _make(self) -> GoogleTranslator:
        translator = GoogleTranslator(source=_primary(self._source), target=_google_target(self._target))
        translator._base_url = self._endpoint
        return translator


class MyMemoryProvider(_DeepTranslatorProvider):
    name = "mymemory"
    endpoint_default = "http://api.mymemory.translated.net/get"
    limits = Limits(max_chars=499, max_bytes=500)  # `q` is limited to 500 bytes
    default_rate = 1.0

    def _make(self) -> MyMemoryTranslator:
        translator = MyMemoryTranslator(source=_mymemory(self._source), target=_mymemory(self._target))
        translator._base_url = self._endpoint
        return translator

    def _check(self, result: str, where: str) -> None:
        if result.lstrip().upper().startswith("MYMEMORY WARNING"):
            raise QuotaError(f"{where}: free quota exhausted ({result.strip()[:80]}…)")


class MicrosoftProvider(_DeepTranslatorProvider):
    name = "microsoft"
    endpoint_default = "https://api.cognitive.microsofttranslator.com"

    def __init__(self, url: str, source: str, target: str, api_key: str | None, region: str | None, timeout: float):
        if not api_key:
            raise AuthError("Microsoft Translator needs a key: set the environment variable named in translate.key_env.microsoft")
        self._api_key, self._region = api_key, region
        super().__init__(url.rstrip("/") if url else "", source, target, timeout)

    def _make(self) -> MicrosoftTranslator:
        return _Microsoft(self._endpoint, _primary(self._source), _primary(self._target), self._api_key, self._region)


class _Microsoft(MicrosoftTranslator):
    """The library's client asks a hard-coded address for the language list in its constructor;
    the service checks language codes itself, so ours skips that request."""

    def __init__(self, endpoint: str, source: str, target: str, api_key: str, region: str | None):
        self._codes = {source: source, target: target}
        super().__init__(source=source, target=target, api_key=api_key, region=region)
        self._base_url = endpoint + "/translate?api-version=3.0"

    def _get_supported_languages(self) -> dict[str, str]:
        return self._codes


_MS_CODE = re.compile(r"'code':\s*(\d+)")


def _raise_microsoft(where: str, api_message: str) -> None:
    match = _MS_CODE.search(api_message)
    code = int(match.group(1)) if match else 0
    family = code // 1000
    message = f"{where}: error {code}"
    if family in (401,):
        raise AuthError(f"{message} (key refused)")
    if family == 403:
        raise QuotaError(f"{message} (quota exhausted)")
    if family == 429 or family >= 500:
        raise RetryableError(f"{message} (busy or failing)")
    raise ProviderError(message)


def _primary(lang: str) -> str:
    return lang.split("_")[0]


def _google_target(lang: str) -> str:
    return {"zh_CN": "zh-CN", "zh_Hans": "zh-CN", "zh_TW": "zh-TW", "zh_Hant": "zh-TW"}.get(lang, _primary(lang))


def _mymemory(lang: str) -> str:
    """MyMemory wants locale codes (`fr-FR`, `en-GB`): ours when the library knows it, else the
    library's code for the language's English name (`english` → `en-GB`)."""
    full = lang.replace("_", "-")
    if full in MY_MEMORY_LANGUAGES_TO_CODES.values():
        return full
    name = english_name(_primary(lang)).lower()
    return MY_MEMORY_LANGUAGES_TO_CODES.get(name, full)
