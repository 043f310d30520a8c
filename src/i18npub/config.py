"""`i18npub.toml`: reading, defaults, writing (`init`), and language codes (through Babel)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError

from .errors import ConfigError
from .fsutil import write_atomic

CONFIG_NAME = "i18npub.toml"
ARTICLE_SUFFIXES = (".md", ".markdown")

DEFAULT_PROSE_KEYS = [
    "title",
    "subtitle",
    "description",
    "excerpt",
    "summary",
    "chapeau-text",
    # image alternative texts, as themes name them; a site adds its own (`une.alternative-textuelle`)
    "image.alt",
    "images[].alt",
]
# prose keys whose values are Markdown (links, emphasis, attribute lists, paragraphs)
DEFAULT_MARKDOWN_KEYS = ["chapeau-text", "description", "excerpt", "summary"]


@dataclass
class TranslateSettings:
    provider: str = "google"
    url: str = ""
    parallel: int = 4
    timeout: float = 30.0
    retries: int = 4
    rate_limit: float = 0.0  # requests per second; 0 means the provider's default (none for keyed APIs)
    backoff: float = 1.0  # seconds before the first retry; doubles with each retry
    memory_threshold: float = 0.75
    key_env: dict[str, str] = field(
        default_factory=lambda: {
            "libre": "LIBRETRANSLATE_API_KEY",
            "deepl": "DEEPL_AUTH_KEY",
            "microsoft": "MICROSOFT_TRANSLATOR_KEY",
        }
    )


@dataclass
class Config:
    root: Path
    source_lang: str
    languages: list[str]
    project: str = ""  # Project-Id-Version of the catalogs; "" means the site folder's name
    source_dir: str = ""  # relative to root; "" means content/<source_lang>
    output_dir: str = "content/{lang}"
    locales_dir: str = "locales"
    prose_keys: list[str] = field(default_factory=lambda: list(DEFAULT_PROSE_KEYS))
    markdown_keys: list[str] = field(default_factory=lambda: list(DEFAULT_MARKDOWN_KEYS))
    lang_key: str = "lang"
    translation_key: str = "ref"
    min_translated: float = 100.0
    allowed_domains: list[str] = field(default_factory=list)
    translate: TranslateSettings = field(default_factory=TranslateSettings)

    @property
    def project_name(self) -> str:
        return self.project or self.root.name or "site"

    @property
    def source_root(self) -> Path:
        return self.root / (self.source_dir or f"content/{web_code(self.source_lang)}")

    @property
    def locales_root(self) -> Path:
        return self.root / self.locales_dir

    def output_root(self, lang: str) -> Path:
        return self.root / self.output_dir.format(lang=web_code(lang))

    def template_path(self, article: str) -> Path:
        """`article` is the article's path relative to the source folder, with '/' separators."""
        return self.locales_root / "templates" / (_stem(article) + ".pot")

    def catalog_path(self, lang: str, article: str) -> Path:
        return self.locales_root / lang / (_stem(article) + ".po")

    def articles(self) -> list[str]:
        """Relative paths of every article under the source folder, sorted."""
        root = self.source_root
        if not root.is_dir():
            raise ConfigError("source folder not found", root)
        return sorted(
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.suffix in ARTICLE_SUFFIXES and p.is_file()
        )

    def check_language(self, lang: str) -> str:
        code = normalize_language(lang)
        if code not in self.languages:
            raise ConfigError(
                f"language {code!r} is not configured (languages: {', '.join(self.languages)})",
                self.root / CONFIG_NAME,
            )
        return code


def _stem(article: str) -> str:
    for suffix in ARTICLE_SUFFIXES:
        if article.endswith(suffix):
            return article[: -len(suffix)]
    return article


def normalize_language(code: str) -> str:
    """`en`, `pt-BR`, `pt_br` → gettext form (`en`, `pt_BR`); unknown codes raise ConfigError."""
    try:
        return str(Locale.parse(code.strip().replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ConfigError(f"unknown language code {code!r}") from None


def web_code(code: str) -> str:
    """The BCP 47 form used in paths and `lang:` (`pt_BR` → `pt-BR`)."""
    return code.replace("_", "-")


def find_config(start: Path) -> Path:
    for folder in [start, *start.parents]:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    raise ConfigError(f"no {CONFIG_NAME} here or in any parent folder (run `i18npub init`)", start)


def load_config(start: Path | None = None) -> Config:
    path = find_config((start or Path.cwd()).resolve())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", path) from None
    return config_from_dict(data, path)


def config_from_dict(data: dict, path: Path) -> Config:
    try:
        fm = data.get("front_matter", {})
        build = data.get("build", {})
        tr = data.get("translate", {})
        settings = TranslateSettings()
        for name in ("provider", "url", "parallel", "timeout", "retries", "rate_limit", "backoff", "memory_threshold"):
            if name in tr:
                setattr(settings, name, type(getattr(settings, name))(tr[name]))
        settings.key_env.update(tr.get("key_env", {}))
        config = Config(
            root=path.parent,
            project=str(data.get("project", "")),
            source_lang=normalize_language(data["source_lang"]),
            languages=[normalize_language(x) for x in data.get("languages", [])],
            source_dir=str(data.get("source_dir", "")),
            output_dir=str(data.get("output_dir", "content/{lang}")),
            locales_dir=str(data.get("locales_dir", "locales")),
            prose_keys=list(fm.get("prose_keys", DEFAULT_PROSE_KEYS)),
            markdown_keys=list(fm.get("markdown_keys", DEFAULT_MARKDOWN_KEYS)),
            lang_key=str(fm.get("lang_key", "lang")),
            translation_key=str(fm.get("translation_key", "ref")),
            min_translated=float(build.get("min_translated", 100)),
            allowed_domains=list(build.get("allowed_domains", [])),
            translate=settings,
        )
    except ConfigError as exc:
        raise ConfigError(exc.message, path) from None
    except KeyError as exc:
        raise ConfigError(f"missing setting {exc.args[0]!r}", path) from None
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid setting: {exc}", path) from None
    if not config.languages:
        raise ConfigError("no target language (`languages`)", path)
    if config.source_lang in config.languages:
        raise ConfigError("the source language is also a target language", path)
    return config


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(_toml_str(x) for x in items) + "]"


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_config(source_lang: str, languages: list[str], project: str = "site", prose_keys: list[str] | None = None) -> str:
    source = normalize_language(source_lang)
    targets = [normalize_language(x) for x in languages]
    t = TranslateSettings()
    return f"""# i18npub configuration: see the README's configuration reference.
project = {_toml_str(project)}  # Project-Id-Version of the catalogs
source_lang = {_toml_str(source)}
languages = {_toml_list(targets)}
source_dir = {_toml_str(f"content/{web_code(source)}")}
# {{lang}} is replaced by the target language (BCP 47 form, e.g. pt-BR)
output_dir = "content/{{lang}}"
locales_dir = "locales"

[front_matter]
# keys whose values are prose; nested paths: `files[].nom`, `une.alternative-textuelle`
prose_keys = {_toml_list(DEFAULT_PROSE_KEYS if prose_keys is None else prose_keys)}
# prose keys that hold Markdown (split into paragraphs, links kept)
markdown_keys = {_toml_list(DEFAULT_MARKDOWN_KEYS)}
# keys written into every built post
lang_key = "lang"
translation_key = "ref"

[build]
# publish an article only when at least this percentage of its units is translated
min_translated = 100
# link domains a translation may add besides those of the source
allowed_domains = []

[translate]
provider = {_toml_str(t.provider)}
url = ""
parallel = {t.parallel}
timeout = {t.timeout}
retries = {t.retries}
rate_limit = {t.rate_limit}
backoff = {t.backoff}
memory_threshold = {t.memory_threshold}

[translate.key_env]
libre = "LIBRETRANSLATE_API_KEY"
deepl = "DEEPL_AUTH_KEY"
microsoft = "MICROSOFT_TRANSLATOR_KEY"
"""


def init_config(root: Path, source_lang: str, languages: list[str], force: bool = False) -> Path:
    path = root / CONFIG_NAME
    if path.exists() and not force:
        raise ConfigError(f"{CONFIG_NAME} already exists (use --force to overwrite)", path)
    text = render_config(source_lang, languages, root.resolve().name or "site")
    config_from_dict(tomllib.loads(text), path)  # what we write must load
    write_atomic(path, text)
    return path
