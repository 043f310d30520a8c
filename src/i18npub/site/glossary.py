"""The glossary file named by `[glossary] path` (the format is `core.glossary`'s business)."""

from __future__ import annotations

from ..core.glossary import Glossary, parse_csv, parse_tbx
from ..errors import ConfigError
from .config import CONFIG_NAME, Config
from .files import read_bytes


def read_glossary(config: Config) -> Glossary:
    """The site's glossary; an empty one when none is configured."""
    if not config.glossary.path:
        return Glossary()
    path = config.root / config.glossary.path
    shown = config.glossary.path
    kind = path.suffix.lower()
    if kind not in (".csv", ".tbx"):
        raise ConfigError(f"glossary.path: {shown!r} is not a .csv or .tbx file (the glossary formats read)", config.root / CONFIG_NAME)
    try:
        data = read_bytes(path)
    except OSError as exc:
        raise ConfigError(f"cannot read the glossary: {exc.strerror or exc}", shown) from None
    if kind == ".tbx":  # XML says its own encoding
        return parse_tbx(data, config.source_lang, shown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError("the glossary is not UTF-8 text (save it as “CSV UTF-8”)", shown, line) from None
    return parse_csv(text, config.source_lang, shown)
