"""i18npub: translate Markdown articles through gettext catalogs without breaking them."""

__version__ = "0.1.0"
