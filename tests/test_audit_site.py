"""`i18npub audit OUTPUT_DIR`: pages found and paired (pairs file, source pages' hreflang, the
language folder), the report and its exit codes, on output folders written by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sites import run


def page(lang: str, body: str = "", head: str = "") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}'
            f'<link rel="stylesheet" href="/style.css"></head><body>{body}</body></html>')


def alternate(lang: str, href: str) -> str:
    return f'<link rel="alternate" hreflang="{lang}" href="{href}">'


def output(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def audit_json(root: Path, *options: str) -> tuple[int, dict]:
    result = run(root, "audit", str(root), *options, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def pairing(report: dict) -> dict[str, tuple]:
    return {p["page"]: (p["source"], p["paired_by"]) for p in report["pages"]}


def test_pages_are_paired_by_the_first_rule_that_applies(tmp_path):
    root = output(tmp_path / "site", {
        "style.css": "",
        "index.html": page("fr", head=alternate("en", "/en/")),
        "en/index.html": page("en"),
        "actualites/x/index.html": page("fr", head=alternate("en-GB", "../../en/news/x/")),
        "en/news/x/index.html": page("en"),
        "c/index.html": page("fr"),
        "en/c/index.html": page("en"),
        "q/index.html": page("fr"),
        "en/p/index.html": page("en"),
        "en/orphan/index.html": page("en"),
        "en/feed.xml": "<rss/>",
        "about.html": page("fr"),
        "about-en.html": page("en"),
        # two source pages name en/b/: the one at the same path wins
        "a/index.html": page("fr", head=alternate("en", "/en/b/")),
        "b/index.html": page("fr", head=alternate("en", "/en/b/")),
        "en/b/index.html": page("en"),
    })
    pairs = tmp_path / "pairs.json"
    pairs.write_text(json.dumps([
        {"translated": "en/p/index.html", "source": "q/index.html"},
        {"translated": "en/c/index.html", "source": "gone/index.html"},  # no such source: the other rules apply
        {"translated": "en/unbuilt/index.html", "source": "c/index.html"},  # not built: nothing to audit
        {"translated": "about-en.html", "source": "about.html"},  # outside the language folder
    ]))
    code, report = audit_json(root, "--lang", "en", "--pairs", str(pairs))
    assert pairing(report) == {
        "about-en.html": ("about.html", "pairs-file"),
        "en/b/index.html": ("b/index.html", "hreflang"),
        "en/c/index.html": ("c/index.html", "path"),
        "en/index.html": ("index.html", "hreflang"),
        "en/news/x/index.html": ("actualites/x/index.html", "hreflang"),
        "en/orphan/index.html": (None, None),
        "en/p/index.html": ("q/index.html", "pairs-file"),
    }
    assert (code, report["findings"]) == (0, [])  # an unpaired page is a warning
    assert report["totals"] == {"pages": 7, "unpaired": 1, "source_pages": 7, "findings": 0, "errors": 0}


def test_source_pages_in_their_own_folder(tmp_path):
    root = output(tmp_path, {"index.html": page("fr"), "fr/x/index.html": page("fr"), "x/index.html": page("fr"), "en/x/index.html": page("en")})
    assert pairing(audit_json(root, "--lang", "en", "--source-lang", "fr")[1]) == {"en/x/index.html": ("fr/x/index.html", "path")}
    assert pairing(audit_json(root, "--lang", "en")[1]) == {"en/x/index.html": ("x/index.html", "path")}


def test_a_translated_page_cannot_choose_its_source(tmp_path):
    # its own alternate link names a source page that has the script it injects: not believed
    script = "<script>track()</script>"
    root = output(tmp_path, {
        "y/index.html": page("fr", head=alternate("en", "/en/y/")),
        "z/index.html": page("fr", body=script),
        "en/y/index.html": page("en", head=alternate("fr", "/z/"), body=script),
    })
    code, report = audit_json(root, "--lang", "en")
    assert pairing(report) == {"en/y/index.html": ("y/index.html", "hreflang")}
    assert (code, [(f["code"], f["element"]) for f in report["findings"]]) == (1, [("element", "script")])


def test_an_unpaired_page_is_compared_with_all_source_pages(tmp_path):
    root = output(tmp_path, {
        "a/index.html": page("fr", body='<iframe src="https://video.example/1"></iframe>'),
        "b/index.html": page("fr"),
        "en/tags/t/index.html": page("en", body='<iframe src="https://video.example/1"></iframe>'),
        "en/tags/u/index.html": page("en", body='<iframe src="https://video.example/2"></iframe>'),
    })
    code, report = audit_json(root, "--lang", "en")
    assert code == 1
    assert [(f["page"], f["code"], f["source"]) for f in report["findings"]] == [("en/tags/u/index.html", "foreign-url", None)]
    assert report["findings"][0]["message"].endswith("not in any source page")


def test_the_text_report(tmp_path):
    root = output(tmp_path, {
        "x/index.html": page("fr"),
        "en/x/index.html": page("en", body='<img src="/style.css" onerror="alert(1)"><a href="java&#x09;script:go()">x</a>'),
        "en/lost/index.html": page("en"),
    })
    result = run(root, "audit", str(root), "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "en/lost/index.html: warning [unpaired] no source page found; compared with all source pages together",
        "en/x/index.html: [handler] onerror handler on <img> not in the source page",
        "    alert(1)",
        "en/x/index.html: [script-url] javascript: URL (it runs code) in href of <a>, not in the source page",
        "    java\\tscript:go()  (javascript:go())",
        "2 finding(s) in 1 of 2 translated page(s); paired 0 by the pairs file, 0 by hreflang, 1 by path, 1 unpaired.",
    ]


def test_a_clean_site_exits_0(tmp_path):
    root = output(tmp_path, {"x/index.html": page("fr", body='<a href="/x/">x</a>'), "en/x/index.html": page("en", body='<a href="/en/x/">x</a>')})
    result = run(root, "audit", str(root), "--lang", "en")
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (
        0, "0 finding(s) in 0 of 1 translated page(s); paired 0 by the pairs file, 0 by hreflang, 1 by path, 0 unpaired.")


def test_the_json_report_shape(tmp_path):
    root = output(tmp_path, {"x/index.html": page("fr"), "en/x/index.html": page("en", body='<a href="//evil.example/">x</a>')})
    code, report = audit_json(root, "--lang", "en")
    assert code == 1
    assert list(report) == ["findings", "pages", "errors", "totals"]
    assert report["findings"] == [{
        "page": "en/x/index.html", "source": "x/index.html", "code": "foreign-url", "element": "a",
        "attribute": "href", "value": "//evil.example/", "url": "https://evil.example/",
        "message": "URL outside this site (https://evil.example) in href of <a>, not in the source page",
    }]
    assert report["pages"] == [{"page": "en/x/index.html", "source": "x/index.html", "paired_by": "path", "findings": 1}]


def test_a_page_that_cannot_be_read_is_an_error(tmp_path):
    root = output(tmp_path, {"x/index.html": page("fr"), "en/x/index.html": page("en")})
    (root / "en" / "broken.html").symlink_to(root / "nowhere.html")
    result = run(root, "audit", str(root), "--lang", "en")
    assert result.exit_code == 1
    assert "broken.html: cannot read the page" in result.stderr


def test_usage_errors_exit_2(tmp_path):
    root = output(tmp_path / "site", {"x/index.html": page("fr"), "en/x/index.html": page("en")})
    bad_pairs = {
        "not-json.json": "[{",
        "not-a-list.json": '{"translated": "en/x/index.html"}',
        "missing-key.json": '[{"translated": "en/x/index.html"}]',
        "escaping.json": '[{"translated": "en/x/index.html", "source": "../secret.html"}]',
        "twice.json": '[{"translated": "en/x/index.html", "source": "x/index.html"}, {"translated": "en/x/index.html", "source": "y.html"}]',
    }
    for name, text in bad_pairs.items():
        (tmp_path / name).write_text(text)
        result = run(root, "audit", str(root), "--lang", "en", "--pairs", str(tmp_path / name))
        assert result.exit_code == 2, name
        assert name in result.stderr
    for args in (
        ["audit", str(tmp_path / "missing"), "--lang", "en"],
        ["audit", str(root), "--lang", "de"],  # no translated page
        ["audit", str(root), "--lang", ".."],
        ["audit", str(root), "--lang", "en", "--site-url", "/relative/"],
        ["audit", str(root), "--lang", "en", "--format", "xml"],
        ["audit", str(root)],  # --lang is required
    ):
        assert run(root, *args).exit_code == 2, args


def test_other_commands_do_not_load_the_html_url_and_css_libraries():
    probe = "import sys, i18npub.cli; print(sorted(m for m in ('selectolax', 'ada_url', 'tinycss2') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
