"""`i18npub review` driven as a person drives it: in a real terminal (tmux), keys sent one by one
without Enter, the screen read back. Skipped without tmux."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from quality_site import Unit, make_site

TMUX = shutil.which("tmux")
I18NPUB = Path(sys.executable).with_name("i18npub")
pytestmark = pytest.mark.skipif(TMUX is None or not I18NPUB.exists(), reason="needs tmux and the i18npub script")

SITE = {
    "guide.md": [
        Unit("Un texte à accepter", "A text to accept", fuzzy=True),
        Unit("Un [lien](/x) à garder", "A link to keep", fuzzy=True),  # lost its link: an error
        Unit("Un texte à revoir", "A text to review", fuzzy=True),
    ],
}
PATIENCE = 30  # seconds a screen may take to show what a test waits for (a loaded machine)


class Screen:
    """A terminal of 100×50 running one command, on a tmux server of its own."""

    def __init__(self, cwd: Path, command: str):
        self.socket = f"i18npub-test-{uuid.uuid4().hex[:8]}"
        # the shell stays after the command, so that its last words can be read
        script = f"{command}; echo \"[exit code $?]\"; sleep 600"
        self._tmux("new-session", "-d", "-s", "review", "-x", "100", "-y", "50", "-c", str(cwd), script)

    def _tmux(self, *args: str) -> str:
        return subprocess.run([TMUX, "-L", self.socket, *args], check=True, capture_output=True, text=True).stdout

    def press(self, *keys: str) -> None:
        """Keys as typed: one character is sent as itself, a name (Escape, Enter) as that key."""
        for key in keys:
            self._tmux("send-keys", "-t", "review", *(["-l", key] if len(key) == 1 else [key]))

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "review", "-l", text)

    def text(self) -> str:
        return self._tmux("capture-pane", "-p", "-J", "-t", "review", "-S", "-")

    def wait_for(self, wanted: str, count: int = 1) -> str:
        deadline = time.monotonic() + PATIENCE
        while True:
            text = self.text()
            if text.count(wanted) >= count:
                return text
            if time.monotonic() > deadline:
                pytest.fail(f"{wanted!r} (×{count}) never showed; the screen:\n{text}")
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], check=False, capture_output=True)


@pytest.fixture
def screen_in(tmp_path: Path):
    make_site(tmp_path, SITE)
    screens = []

    def start(*args: str, editor: str = "") -> Screen:
        env = f"env EDITOR={shlex.quote(editor)} VISUAL= " if editor else "env EDITOR= VISUAL= "
        screen = Screen(tmp_path, env + shlex.join([str(I18NPUB), *args]))
        screens.append(screen)
        return screen

    yield start
    for screen in screens:
        screen.close()


def test_single_keys_decide_without_enter(screen_in, tmp_path: Path):
    screen = screen_in("review", "--lang", "en", "--reviewer", "Ana Lopez")
    screen.wait_for("[?] help > ")
    screen.press("x")
    screen.wait_for("Please answer a, e, s, r or q")
    screen.press("a")  # accepted at once, no Enter: the next entry shows
    screen.wait_for("guide.md [2/3]")
    screen.press("a")  # a draft with an error: asked again
    screen.wait_for("Save it all the same? [y/N] ")
    screen.press("y")
    screen.wait_for("guide.md [3/3]")
    screen.press("s")
    text = screen.wait_for("[exit code 0]")
    assert "2 accepted, 0 edited, 0 rejected, 1 skipped; 1 left to review." in text
    assert "> a\n" in text and "[y/N] y\n" in text and "> s\n" in text  # each key shown once, as the answer
    po = (tmp_path / "locales/en/guide.po").read_text(encoding="utf-8")
    assert po.count("# reviewed: Ana Lopez ") == 2 and '#, fuzzy\nmsgid "Un texte à revoir"' in po


@pytest.mark.skipif(shutil.which("vim") is None, reason="vim is not installed")
def test_an_edit_in_the_editor_shows_the_notes_and_saves_the_text_alone(screen_in, tmp_path: Path):
    screen = screen_in("review", "--lang", "en", "--reviewer", "Ana", editor="vim -u NONE -i NONE -n -N")
    screen.wait_for("[?] help > ")
    screen.press("s", "s")
    screen.wait_for("guide.md [3/3]")
    screen.press("e")
    screen.wait_for("#~ source:")  # vim shows the buffer: the draft, then the notes
    assert "#~   Un texte à revoir" in screen.text()
    screen.press("c", "c")
    screen.type("# A text, reviewed")  # a Markdown heading: a line starting with "#" is the translator's
    screen.press("Escape")
    screen.type(":wq")
    screen.press("Enter")
    text = screen.wait_for("[exit code 0]")
    assert "0 accepted, 1 edited, 0 rejected, 2 skipped; 2 left to review." in text
    po = (tmp_path / "locales/en/guide.po").read_text(encoding="utf-8")
    assert 'msgid "Un texte à revoir"\nmsgstr "# A text, reviewed"\n' in po


def test_bulk_acceptance_is_confirmed_with_one_key(screen_in, tmp_path: Path):
    screen = screen_in("review", "--lang", "en", "--reviewer", "Ana", "--accept", "clean")
    screen.wait_for("Accept these 2 drafts as reviewed by Ana? [y/N] ")
    screen.press("y")
    text = screen.wait_for("[exit code 0]")
    assert "2 accepted." in text
    assert (tmp_path / "locales/en/guide.po").read_text(encoding="utf-8").count("(in bulk: clean)") == 2
