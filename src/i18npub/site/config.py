"""`i18npub.toml`: the settings, their defaults and their validation, and `init`'s file.

Every section is a dataclass: its fields are the keys a user may write, with their types and
defaults, so validation (unknown keys with a suggestion, wrong types) and the reference stay one
thing. Reading a configuration never guesses: a key that is not known, or a value of the wrong
type, is an error naming the key.
"""

from __future__ import annotations

import dataclasses
import difflib
import string
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.checks import Policy
from ..core.languages import normalize_language, web_code
from ..errors import ConfigError, UsageError
from .files import write_atomic
from .generators import CONFIG_NAME, GENERATORS, Layout, detect, generator_layout

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
class FrontMatterSettings:
    prose_keys: list[str] = field(default_factory=lambda: list(DEFAULT_PROSE_KEYS))
    markdown_keys: list[str] = field(default_factory=lambda: list(DEFAULT_MARKDOWN_KEYS))
    link_keys: list[str] = field(default_factory=list)  # values that are links a translation may localize
    # values that repeat across the site (categories, tags): one site-wide catalog, translated once
    site_keys: list[str] = field(default_factory=list)
    lang_key: str = "lang"  # "" writes none
    translation_key: str = "ref"  # "" writes none; a source's own value is kept
    slug: bool = True  # the article's slug is a unit (when the generator can give translations their own)


OUTDATED_POLICIES = ("keep", "source", "unpublish")


@dataclass
class BuildSettings:
    min_translated: float = 100.0
    allowed_domains: list[str] = field(default_factory=list)
    heading_ids: bool = False  # give translated headings the ids of their source headings
    preview_dir: str = ".i18npub-preview"  # where `build --include-fuzzy` writes
    outdated: str = "keep"  # a unit whose source changed after it was approved: keep, source, unpublish
    # where a file's version in a language is, if the site has one: "{dir}/{name}-{lang}{ext}"
    localized_files: str = ""


@dataclass
class TranslateSettings:
    provider: str = "google"
    url: str = ""
    model: str = ""  # the openai provider's model (as the server names it)
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
            "openai": "OPENAI_API_KEY",
        }
    )


@dataclass
class GlossarySettings:
    path: str = ""  # a CSV file (see core/glossary.py), relative to the site root; "" : none


@dataclass
class Config:
    root: Path = field(metadata={"toml": False})
    source_lang: str
    languages: list[str]
    project: str = ""  # Project-Id-Version of the catalogs; "" means the site folder's name
    generator: str = "plain"  # plain, jekyll, polyglot, hugo
    source_dir: str = ""  # relative to root; "" means content/<source_lang>
    output_dir: str = "content/{lang}"  # the plain generator's
    locales_dir: str = "locales"
    site_url: str = ""  # the site's address; "" means the generator's (Jekyll `url`, Hugo `baseURL`)
    include: list[str] = field(default_factory=list)  # articles (globs, relative to source_dir); [] means the generator's
    exclude: list[str] = field(default_factory=list)  # added to the generator's
    front_matter: FrontMatterSettings = field(default_factory=FrontMatterSettings)
    build: BuildSettings = field(default_factory=BuildSettings)
    translate: TranslateSettings = field(default_factory=TranslateSettings)
    glossary: GlossarySettings = field(default_factory=GlossarySettings)

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

    @property
    def policy(self) -> Policy:
        """What the checks allow a translation beyond its source's markup."""
        return Policy(allowed_domains=tuple(self.build.allowed_domains))

    def check_language(self, lang: str) -> str:
        """A target language given on the command line, in its gettext form."""
        code = normalize_language(lang)
        if code not in self.languages:
            raise UsageError(f"language {code!r} is not configured (languages: {', '.join(self.languages)})", self.root / CONFIG_NAME)
        return code


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
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", path) from None
    return config_from_dict(data, path)


def config_from_dict(data: dict[str, Any], path: Path) -> Config:
    try:
        config = _section(Config, data, "", {"root": path.parent})
        config.source_lang = normalize_language(config.source_lang)
        config.languages = [normalize_language(x) for x in config.languages]
    except UsageError as exc:
        raise ConfigError(exc.message, path) from None
    if not config.languages:
        raise ConfigError("no target language (`languages`)", path)
    if config.source_lang in config.languages:
        raise ConfigError("the source language is also a target language", path)
    _check_pattern("output_dir", config.output_dir, {"lang"}, path)
    if config.build.localized_files:
        _check_pattern("build.localized_files", config.build.localized_files, set(LOCALIZED_FILE_PLACEHOLDERS), path)
        if "{lang}" not in config.build.localized_files:
            raise ConfigError("'build.localized_files' must hold {lang}: each language's file is another file", path)
    _check_choice("generator", config.generator, GENERATORS, path)
    _check_choice("build.outdated", config.build.outdated, OUTDATED_POLICIES, path)
    return config


def _check_choice(key: str, value: str, choices: tuple[str, ...], path: Path) -> None:
    if value not in choices:
        raise ConfigError(f"{key!r} must be one of {', '.join(choices)}, not {value!r}", path)


def _section(cls: type, data: dict[str, Any], prefix: str, given: dict[str, Any]) -> Any:
    """An instance of the dataclass `cls` from a TOML table: unknown keys and wrong types are
    errors naming the key (`translate.timeout`), with the closest known key as a suggestion."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.metadata.get("toml", True)}
    for key in data:
        if key not in fields:
            close = difflib.get_close_matches(key, list(fields), n=1)
            hint = f"; did you mean {prefix + close[0]!r}?" if close else f" (known: {', '.join(fields)})"
            raise ConfigError(f"unknown setting {prefix + key!r}{hint}")
    values = dict(given)
    for name, spec in fields.items():
        if name not in data:
            if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
                raise ConfigError(f"missing setting {prefix + name!r}")
            continue
        kind = hints[name]
        if dataclasses.is_dataclass(kind):
            if not isinstance(data[name], dict):
                raise ConfigError(f"{prefix + name!r} must be a table ([{prefix + name}])")
            values[name] = _section(kind, data[name], f"{prefix}{name}.", {})
        else:
            values[name] = _value(data[name], kind, prefix + name)
    return cls(**values)


_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


def _value(value: Any, kind: Any, key: str) -> Any:
    origin = typing.get_origin(kind)
    if origin is list:
        (item,) = typing.get_args(kind)
        if not isinstance(value, list):
            raise ConfigError(f"{key!r} must be a list of {_TYPE_NAMES[item].split(' ', 1)[1]}s, like [\"…\"]")
        return [_value(x, item, f"{key}[{i}]") for i, x in enumerate(value)]
    if origin is dict:
        _, item = typing.get_args(kind)
        if not isinstance(value, dict):
            raise ConfigError(f"{key!r} must be a table")
        return {k: _value(v, item, f"{key}.{k}") for k, v in value.items()}
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise ConfigError(f"{key!r} must be {_TYPE_NAMES[kind]}, not {value!r}")
    return value


LOCALIZED_FILE_PLACEHOLDERS = ("dir", "name", "ext", "lang")


def _check_pattern(key: str, template: str, allowed: set[str], path: Path) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise ConfigError(f"{key!r} is not a valid pattern ({exc})", path) from None
    if names - allowed:
        known = ", ".join(f"{{{name}}}" for name in sorted(allowed))
        raise ConfigError(f"{key!r} may only use the placeholders {known}, not {', '.join(sorted(names - allowed))}", path)


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(_toml_str(x) for x in items) + "]"


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_config(source_lang: str, languages: list[str], project: str = "site", prose_keys: list[str] | None = None, layout: Layout | None = None) -> str:
    source = normalize_language(source_lang)
    targets = [normalize_language(x) for x in languages]
    layout = layout or Layout()
    t = TranslateSettings()
    if layout.generator == "plain":
        where = f"""source_dir = {_toml_str(layout.source_dir or f"content/{web_code(source)}")}
# {{lang}} is replaced by the target language (BCP 47 form, e.g. pt-BR)
output_dir = "content/{{lang}}"
"""
    else:
        where = f"""# sources and outputs as {layout.generator} publishes them (see the README's "Publishing with a generator")
source_dir = {_toml_str(layout.source_dir)}
# include = []  (globs of the articles, relative to source_dir; default: the generator's)
# exclude = []  (added to the generator's)
"""
    notes = "".join(f"# note: {note}\n" for note in layout.notes)
    return f"""# i18npub configuration: see the README's configuration reference.
{notes}project = {_toml_str(project)}  # Project-Id-Version of the catalogs
generator = {_toml_str(layout.generator)}
source_lang = {_toml_str(source)}
languages = {_toml_list(targets)}
{where}locales_dir = {_toml_str(layout.locales_dir)}

[front_matter]
# keys whose values are prose; nested paths: `files[].nom`, `une.alternative-textuelle`
prose_keys = {_toml_list(DEFAULT_PROSE_KEYS if prose_keys is None else prose_keys)}
# prose keys that hold Markdown (split into paragraphs, links kept)
markdown_keys = {_toml_list(DEFAULT_MARKDOWN_KEYS)}
# keys whose values are links a translation may point elsewhere (a localized PDF: `files[].file`)
link_keys = []
# keys whose values repeat across the site (`categories`, `tags`): translated once, in the site-wide catalog
site_keys = []
# keys written into every built page ("" writes none; a source's own translation key is kept)
lang_key = {_toml_str(layout.lang_key)}
translation_key = {_toml_str(layout.translation_key)}

[build]
# publish an article only when at least this percentage of its units is translated
min_translated = 100
# link domains a translation may add besides those of the source
allowed_domains = []
# translated headings keep the ids of their source headings (`#fragment` links keep working)
heading_ids = {"true" if layout.heading_ids else "false"}
# a unit approved, then changed in the source: "keep" its last approved translation, show the "source", or "unpublish"
outdated = "keep"
# where the site keeps a file's version in a language, which links then lead to: "{{dir}}/{{name}}-{{lang}}{{ext}}"; "": none
localized_files = ""

[translate]
provider = {_toml_str(t.provider)}
url = ""
# the openai provider's model, as its server names it (gpt-4o-mini, mistral-small-latest, llama3.1…)
model = ""
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
openai = "OPENAI_API_KEY"

[glossary]
# terms to keep as written or to translate one way: a CSV file (see the README's "Terminology")
path = ""
"""


def init_config(root: Path, source_lang: str, languages: list[str], force: bool = False, generator: str | None = None) -> tuple[Path, Layout]:
    """Write `i18npub.toml` for the site at `root`, for its generator (detected unless given)."""
    path = root / CONFIG_NAME
    if path.exists() and not force:
        raise ConfigError(f"{CONFIG_NAME} already exists (use --force to overwrite)", path)
    source = normalize_language(source_lang)
    targets = [normalize_language(x) for x in languages]
    layout = generator_layout(root, generator or detect(root), source, targets)
    text = render_config(source, targets, root.resolve().name or "site", layout=layout)
    config_from_dict(tomllib.loads(text), path)  # what we write must load
    write_atomic(path, text)
    return path, layout
