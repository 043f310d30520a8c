"""Compiles the modules that do the per-article work with mypyc, for regular installs.

`pip install .` compiles them (about 30 s): extract and build then take a third fewer CPU
instructions and run about a fifth faster. An editable install (`pip install -e .`) keeps them plain Python, so that an edited
module takes effect without a rebuild; so does a machine where compiling fails (no C
compiler or Python headers), with a warning, and I18NPUB_PURE_PYTHON=1 asks for it.
The compiled and plain modules run the same test suite (.ci/run).
"""

import atexit
import os
import shutil
import sys
import tempfile

from setuptools import setup
from setuptools.command.build_ext import build_ext

# the per-article work of extract and build; the modules around it (I/O, CLI, MT) gain little,
# and tests replace some of their functions, which compiled callers would not see
COMPILED = ["catalog", "checks", "document", "frontmatter", "merge", "pofile", "segment"]
BUILD_COMMANDS = {"bdist_wheel", "build", "build_ext", "install"}


class OptionalBuildExt(build_ext):
    """A failed compilation leaves the plain modules in place instead of failing the install."""

    def run(self):
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - any compiler failure: fall back to plain Python
            for extension in self.extensions:  # a half-built set would not import
                built = os.path.join(self.build_lib, self.get_ext_filename(extension.name))
                if os.path.exists(built):
                    os.remove(built)
            print(f"warning: i18npub installs as plain Python (compiling failed: {exc})", file=sys.stderr)


def compiled_extensions(build_dir):
    try:
        from mypyc.build import mypycify

        sources = [f"src/i18npub/{name}.py" for name in COMPILED]
        return mypycify(sources, opt_level="3", group_name="i18npub", target_dir=os.path.join(build_dir, "mypyc"))
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - mypyc missing or refusing: plain Python
        print(f"warning: i18npub installs as plain Python (mypyc: {exc})", file=sys.stderr)
        return []


options = {}
extensions = []
# only the commands that build modules compile: not metadata, and not editable installs
if BUILD_COMMANDS & set(sys.argv):
    # a fresh build folder: setuptools would otherwise pack modules compiled by an earlier build
    build_dir = tempfile.mkdtemp(prefix="i18npub-build-")
    atexit.register(shutil.rmtree, build_dir, ignore_errors=True)
    options = {"build": {"build_base": build_dir}}
    if not os.environ.get("I18NPUB_PURE_PYTHON"):
        extensions = compiled_extensions(build_dir)

setup(ext_modules=extensions, cmdclass={"build_ext": OptionalBuildExt}, options=options)
