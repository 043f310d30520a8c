"""Machine-translation services faked as real HTTP servers on 127.0.0.1.

Each fake speaks its service's wire format (LibreTranslate, DeepL, Google's web page, MyMemory,
Microsoft Translator, an OpenAI-compatible chat-completion server), "translates" by mapping
ASCII letters to full-width ones (reversible with `unmap`), writes the terms of a glossary it is
given as their translations, counts what it receives, and has bad modes: slow replies, failures
(429, 500, quota, auth), and mangling like real engines (placeholders padded or re-cased, `] (`,
padded emphasis, a placeholder dropped, letters inside URLs changed).
"""

from __future__ import annotations

import html
from abc import ABC, abstractmethod
import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

FULL_WIDTH = {c: chr(ord(c) - ord("A") + 0xFF21) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
FULL_WIDTH.update({c: chr(ord(c) - ord("a") + 0xFF41) for c in "abcdefghijklmnopqrstuvwxyz"})
_MAP = str.maketrans(FULL_WIDTH)
_UNMAP = str.maketrans({v: k for k, v in FULL_WIDTH.items()})

# what engines leave alone: our placeholders, XML tags and entities (DeepL with tag handling)
_OPAQUE = re.compile(r"\[X\d+X\]|<[^<>]*>|&[#\w]+;")
_URL = re.compile(r"(?:https?://|www\.)\S+")

MANGLES = ("pad_tokens", "case", "link_space", "pad_emphasis", "drop_token", "url_letters", "add_emphasis")


def unmap(text: str) -> str:
    return text.translate(_UNMAP)


@dataclass
class Modes:
    """What the fake does; tests change it between or during runs."""

    delay: float = 0.0  # seconds before each answer
    slow_first: int | None = None  # only this many first requests are slow (None: all)
    fail_first: int = 0  # this many requests fail with `fail_status` first
    fail_after: int | None = None  # after this many successful requests, every request fails
    fail_status: int = 500
    key: str | None = None  # the key the service requires (None: no key needed)
    quota: bool = False  # quota exhausted
    mangle: set[str] = field(default_factory=set)
    drop_every: int = 1  # with "drop_token": drop a placeholder in every n-th text that has two


def translate_text(text: str, modes: Modes, counter: int) -> str:
    """The fake engine: letters mapped outside opaque spans, then the damage asked for."""
    out: list[str] = []
    last = 0
    for m in _OPAQUE.finditer(text):
        out.append(_visible(text[last : m.start()], modes))
        out.append(m.group())
        last = m.end()
    out.append(_visible(text[last:], modes))
    result = "".join(out)
    if "drop_token" in modes.mangle and counter % modes.drop_every == 0:
        tokens = re.findall(r"\[X\d+X\]", result)
        if len(tokens) >= 2:
            at = result.rindex(tokens[-1])
            result = result[:at] + result[at + len(tokens[-1]) :]
    if "pad_tokens" in modes.mangle:
        result = re.sub(r"\[X(\d+)X\]", r" [ X\1X ] ", result)
    if "case" in modes.mangle:
        result = re.sub(r"\[X(\d+)X\]", r"[x\1x]", result)
    if "pad_emphasis" in modes.mangle:
        result = re.sub(r"(\[X\d+X\])(?=\w)", r"\1 ", result)
        result = re.sub(r"(?<=\w)(\[X\d+X\])", r" \1", result)
    if "add_emphasis" in modes.mangle:  # markup the source never had: no draft can be kept
        result = f"**{result.strip()}**"
    return result


def _visible(text: str, modes: Modes) -> str:
    if "url_letters" in modes.mangle:
        text = _URL.sub(lambda m: m.group().upper().replace(".", ". "), text)
    if "link_space" in modes.mangle:
        text = text.replace("](", "] (")
    if "pad_emphasis" in modes.mangle:
        text = re.sub(r"\*\*(\S[^*]*?\S)\*\*", r"** \1 **", text)
    return text.translate(_MAP)


Reply = tuple[int, dict[str, str], bytes]


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client killed mid-request: not news
            super().handle_error(request, client_address)


class FakeService(ABC):
    """A loopback HTTP server; subclasses implement `handle`."""

    def __init__(self, modes: Modes | None = None):
        self.modes = modes or Modes()
        self.requests = 0  # requests to the translation endpoint
        self.texts = 0  # texts translated
        self.batches: list[int] = []  # texts per successful request
        self.received: list[str] = []  # every text received
        self.arrivals: list[float] = []  # when each request arrived (time.monotonic())
        self.in_flight = self.most_in_flight = 0  # requests being answered now, and at most at once
        self._lock = threading.Lock()
        self._slow = threading.local()  # whether the request being handled is one to delay
        self._ok = 0
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stall

            def _reply(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                arrived = service._arrive()
                try:
                    status, headers, payload = service.handle(self.command, self.path, dict(self.headers), body)
                    service._hold(arrived)
                finally:
                    service._leave()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _reply

            def log_message(self, *args: object) -> None:
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeService:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _arrive(self) -> float:
        arrived = time.monotonic()
        with self._lock:
            self.arrivals.append(arrived)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        return arrived

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _hold(self, arrived: float) -> None:
        """Answer `delay` seconds after the request arrived (the fake's own work included)."""
        if getattr(self._slow, "flag", False):
            time.sleep(max(0.0, self.modes.delay - (time.monotonic() - arrived)))
            self._slow.flag = False

    def reset_counts(self) -> None:
        with self._lock:
            self.requests = self.texts = 0
            self.batches.clear()
            self.received.clear()
            self.arrivals.clear()
            self.most_in_flight = 0

    @abstractmethod
    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        """Answer one request: (status, headers, body)."""

    def _gate(self) -> int | None:
        """Count a translation request and say which failure to give (None: answer)."""
        with self._lock:
            self.requests += 1
            number = self.requests
            ok_so_far = self._ok
        self._slow.flag = bool(self.modes.delay) and (self.modes.slow_first is None or number <= self.modes.slow_first)
        if number <= self.modes.fail_first:
            return self.modes.fail_status
        if self.modes.fail_after is not None and ok_so_far >= self.modes.fail_after:
            return self.modes.fail_status
        return None

    def _translate(self, texts: list[str], glossary: dict[str, str] | None = None) -> list[str]:
        """The texts translated; a glossary's terms come out as their translations, as written."""
        with self._lock:
            self._ok += 1
            start = self.texts
            self.texts += len(texts)
            self.batches.append(len(texts))
            self.received += texts
        terms = sorted((glossary or {}).items(), key=lambda item: -len(item[0]))
        out = []
        for i, text in enumerate(texts):
            for n, (term, _) in enumerate(terms):  # as tags: the engine leaves them alone
                text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", f"<term{n}>", text)
            out.append(re.sub(r"<term(\d+)>", lambda m: terms[int(m.group(1))][1], translate_text(text, self.modes, start + i + 1)))
        return out


def _json(status: int, data: object, extra: dict[str, str] | None = None) -> Reply:
    return status, {"Content-Type": "application/json", **(extra or {})}, json.dumps(data).encode()


class FakeLibre(FakeService):
    """LibreTranslate: POST /translate (JSON, form or query string; `q` a string, or a list in
    JSON), GET /languages; errors as {"error": …}."""

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        parts = urlsplit(path)
        if method == "GET" and parts.path == "/languages":
            return _json(200, [{"code": c, "name": n, "targets": ["en", "fr", "de"]} for c, n in
                               (("en", "English"), ("fr", "French"), ("de", "German"))])
        if method != "POST" or parts.path != "/translate":
            return _json(404, {"error": "Not Found"})
        values: dict[str, object] = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if "json" in headers.get("Content-Type", ""):
            values.update(json.loads(body or b"{}"))
        elif body:
            values.update({k: v[-1] for k, v in parse_qs(body.decode()).items()})
        failure = self._gate()
        if self.modes.key is not None and not values.get("api_key"):
            return _json(400, {"error": "Visit https://portal.libretranslate.com to get an API key"})
        if self.modes.key is not None and values.get("api_key") != self.modes.key:
            return _json(403, {"error": "Invalid API key"})
        if self.modes.quota:
            return _json(403, {"error": "Too many request limits violations"})
        if failure == 429:
            return _json(429, {"error": "Slowdown: 1 per 1 second"})
        if failure is not None:
            return _json(failure, {"error": "Cannot translate text: model crashed"})
        q = values.get("q")
        for name in ("source", "target"):
            if not values.get(name):
                return _json(400, {"error": f"Invalid request: missing {name} parameter"})
        if q is None or q == "":
            return _json(400, {"error": "Invalid request: missing q parameter"})
        if isinstance(q, list):
            return _json(200, {"translatedText": self._translate([str(x) for x in q])})
        return _json(200, {"translatedText": self._translate([str(q)])[0]})


class FakeDeepL(FakeService):
    """DeepL API v2 as the `deepl` package calls it: POST /v2/translate with JSON, the key in
    `Authorization: DeepL-Auth-Key …`; 403 auth, 456 quota, 429, 5xx; glossaries (GET and POST
    /v2/glossaries, TSV entries), applied to the texts of a request that names one."""

    def __init__(self, modes: Modes | None = None):
        super().__init__(modes)
        self.bodies: list[dict[str, object]] = []
        self.glossaries: dict[str, dict[str, object]] = {}  # id → info, with "entries" (a dict)

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        parts = urlsplit(path)
        if parts.path == "/v2/usage":
            return _json(200, {"character_count": 0, "character_limit": 500000})
        if parts.path == "/v2/glossaries":
            if self.modes.key is not None and headers.get("Authorization", "") != f"DeepL-Auth-Key {self.modes.key}":
                return _json(403, {"message": "Wrong endpoint or invalid key"})
            infos = [{k: v for k, v in g.items() if k != "entries"} for g in self.glossaries.values()]
            if method == "GET":
                return _json(200, {"glossaries": infos})
            data = json.loads(body)
            assert data["entries_format"] == "tsv"
            entries = dict(line.split("\t") for line in data["entries"].splitlines())
            glossary_id = f"g{len(self.glossaries) + 1}"
            self.glossaries[glossary_id] = {
                "glossary_id": glossary_id, "name": data["name"], "ready": True, "source_lang": data["source_lang"].lower(),
                "target_lang": data["target_lang"].lower(), "creation_time": "2026-01-01T00:00:00.000Z",
                "entry_count": len(entries), "entries": entries,
            }
            return _json(201, {k: v for k, v in self.glossaries[glossary_id].items() if k != "entries"})
        if method != "POST" or parts.path != "/v2/translate":
            return _json(404, {"message": "Not found"})
        failure = self._gate()
        auth = headers.get("Authorization", "")
        if self.modes.key is not None and auth != f"DeepL-Auth-Key {self.modes.key}":
            return _json(403, {"message": "Wrong endpoint or invalid key"})
        if self.modes.quota:
            return _json(456, {"message": "Quota exceeded"})
        if failure is not None:
            return _json(failure, {"message": "Too many requests" if failure == 429 else "Internal error"})
        data = json.loads(body)
        self.bodies.append(data)
        texts = [str(t) for t in data["text"]]
        glossary = self.glossaries[str(data["glossary_id"])]["entries"] if "glossary_id" in data else None
        assert glossary is None or data.get("source_lang")  # DeepL requires it with a glossary
        out = self._translate(texts, glossary)  # type: ignore[arg-type]
        return _json(200, {"translations": [{"detected_source_language": "FR", "text": t,
                                             "billed_characters": len(s)} for t, s in zip(out, texts)]})


class FakeGoogle(FakeService):
    """Google's mobile web page (GET /m?sl=&tl=&q=) as deep-translator scrapes it."""

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        parts = urlsplit(path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        failure = self._gate()
        if failure is not None:
            return failure, {"Content-Type": "text/html"}, b"<html>error</html>"
        text = self._translate([query.get("q", "")])[0]
        page = f'<html><body><div class="result-container">{html.escape(text)}</div></body></html>'
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()


class FakeMyMemory(FakeService):
    """MyMemory's GET /get?langpair=fr-FR|en-GB&q=; over quota it answers 200 with a warning
    as the translation, as the real service does."""

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        parts = urlsplit(path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        failure = self._gate()
        if self.modes.quota:
            warning = "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT AVAILABLE IN 10 HOURS"
            return _json(200, {"responseData": {"translatedText": warning, "match": 0}, "quotaFinished": True,
                               "responseStatus": 429, "matches": []})
        if failure is not None:
            return _json(failure, {"responseStatus": failure, "responseDetails": "error"})
        text = self._translate([query.get("q", "")])[0]
        return _json(200, {"responseData": {"translatedText": text, "match": 1}, "responseStatus": 200,
                           "quotaFinished": False, "matches": []})


class FakeMicrosoft(FakeService):
    """Microsoft Translator v3: POST /translate?api-version=3.0&from=&to= with [{"text": …}];
    errors as {"error": {"code": 401000, "message": …}}."""

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        failure = self._gate()
        if self.modes.key is not None and headers.get("Ocp-Apim-Subscription-Key") != self.modes.key:
            return _json(401, {"error": {"code": 401000, "message": "invalid subscription key"}})
        if self.modes.quota:
            return _json(403, {"error": {"code": 403001, "message": "free quota exceeded"}})
        if failure is not None:
            return _json(failure, {"error": {"code": failure * 1000, "message": "failure"}})
        items = json.loads(body)
        out = self._translate([item["text"] for item in items])
        return _json(200, [{"translations": [{"text": t, "to": "en"}]} for t in out])



REPLIES = ("json", "malformed", "missing", "refusal", "filter", "length")


class FakeOpenAI(FakeService):
    """An OpenAI-compatible chat-completion server: POST /v1/chat/completions (stream off), the key
    as `Authorization: Bearer …`, errors as {"error": {"message", "type", "code"}}: 401, 429 (with
    Retry-After; "insufficient_quota" for `quota`), 5xx. It answers like a model given our prompt:
    the user message's JSON units, translated, with the glossary's terms as their translations.

    `reply` says how it answers (for the first `bad_replies` requests only, when set): "json" (one
    translation per id), "malformed" (prose around the JSON), "missing" (the last id left out),
    "refusal" (a refusal text), "filter" (finish_reason "content_filter"), "length" (cut short).
    With `follows_glossary` false it translates the glossary's terms like any other words."""

    def __init__(self, modes: Modes | None = None, reply: str = "json", bad_replies: int | None = None, retry_after: float = 0.05,
                 follows_glossary: bool = True):
        super().__init__(modes)
        assert reply in REPLIES
        self.reply = reply
        self.follows_glossary = follows_glossary
        self.bad_replies = bad_replies
        self.retry_after = retry_after
        self.bodies: list[dict[str, object]] = []  # every request that reached the model
        self._replies = 0

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        if method != "POST" or urlsplit(path).path != "/v1/chat/completions":
            return _json(404, {"error": {"message": f"Unknown request URL: {method} {path}", "type": "invalid_request_error"}})
        failure = self._gate()
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")  # httpx sends names in lower case
        if self.modes.key is not None and auth != f"Bearer {self.modes.key}":
            return _json(401, {"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error",
                                         "code": "invalid_api_key"}})
        if self.modes.quota:
            return _json(429, {"error": {"message": "You exceeded your current quota.", "type": "insufficient_quota",
                                         "code": "insufficient_quota"}})
        if failure == 429:
            return _json(429, {"error": {"message": "Rate limit reached for requests.", "type": "requests",
                                         "code": "rate_limit_exceeded"}}, {"Retry-After": f"{self.retry_after:g}"})
        if failure is not None:
            return _json(failure, {"error": {"message": "The server had an error while processing your request.",
                                             "type": "server_error"}})
        data = json.loads(body)
        assert data.get("stream") in (None, False) and data["response_format"] == {"type": "json_object"}
        self.bodies.append(data)
        request = json.loads(data["messages"][-1]["content"])
        units = [unit for excerpt in request["excerpts"] for unit in excerpt["units"]]
        glossary = request.get("glossary") if self.follows_glossary else None
        translations = dict(zip([u["id"] for u in units], self._translate([u["text"] for u in units], glossary)))
        with self._lock:
            self._replies += 1
            bad = self.bad_replies is None or self._replies <= self.bad_replies
        reply = self.reply if bad else "json"
        content: str | None = json.dumps(translations, ensure_ascii=False)
        message: dict[str, object] = {"role": "assistant"}
        finish = "stop"
        if reply == "malformed":
            content = f"Sure! Here are the translations:\n{content}"
        elif reply == "missing":
            content = json.dumps(dict(list(translations.items())[:-1]), ensure_ascii=False)
        elif reply == "refusal":
            content, message["refusal"] = None, "I'm sorry, I can't help with that request."
        elif reply == "filter":
            content, finish = None, "content_filter"
        elif reply == "length":
            content, finish = content[: len(content) // 2], "length"
        message["content"] = content
        return _json(200, {
            "id": f"chatcmpl-{self.requests}", "object": "chat.completion", "created": 1767225600, "model": data["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": {"prompt_tokens": len(body) // 4, "completion_tokens": len(content or "") // 4,
                      "total_tokens": (len(body) + len(content or "")) // 4},
        })
