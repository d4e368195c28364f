"""Whether the committed catalogues are what `makemessages` makes of the code.

`makemessages --no-obsolete -l <each shipped language>` (every folder of `locale/`
holding a `django.po`: fr, en, ar...) is run on a copy of the project, and its
catalogues are compared with the committed ones entry by entry (message, context,
plural, translation, fuzzy flag): a string that was never extracted, or one that
no longer exists, is reported. Header dates and source line references are not
compared: any edit moves the lines, and they mean nothing to a translator.

Run by the test suite (tests/translation_tools/test_catalogues.py) and by CI:
`python -m tests.translation_tools.catalogues` prints the differences and exits 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def shipped_languages(root: Path = ROOT) -> tuple[str, ...]:
    """Every language the project ships a catalogue for (`locale/<code>/`)."""
    return tuple(
        sorted(
            path.parents[1].name for path in root.glob("locale/*/LC_MESSAGES/django.po")
        )
    )


LANGUAGES = shipped_languages()
# What makemessages would not read in a fresh checkout: the environment, caches,
# uploads, collected static files, compiled catalogues.
NOT_SOURCES = shutil.ignore_patterns(
    ".*", "__pycache__", "*.pyc", "*.mo", "media", "staticfiles", "db.sqlite3*"
)

Key = tuple[str | None, str, str]


def catalogue_path(root: Path, language: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def entries(path: Path) -> dict[Key, tuple]:
    found = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        plural = tuple(sorted(entry.msgstr_plural.items()))
        found[key] = (entry.msgstr, plural, entry.fuzzy)
    return found


def regenerated(root: Path = ROOT) -> dict[str, Path]:
    """The catalogues makemessages writes for a copy of `root` (in a temporary
    folder the caller removes: the parent of the returned paths' `locale`)."""
    copy = Path(tempfile.mkdtemp(prefix="catalogues-")) / "project"
    shutil.copytree(root, copy, ignore=NOT_SOURCES)
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete"]
    for language in LANGUAGES:
        command += ["-l", language]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test"}
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True)
    return {language: catalogue_path(copy, language) for language in LANGUAGES}


def differences(root: Path = ROOT) -> list[str]:
    """What running makemessages would change in the committed catalogues."""
    fresh = regenerated(root)
    try:
        problems = []
        for language, path in fresh.items():
            committed = entries(catalogue_path(root, language))
            made = entries(path)
            for key in made.keys() - committed.keys():
                problems.append(f"{language}: not extracted yet: {key[1]!r}")
            for key in committed.keys() - made.keys():
                problems.append(f"{language}: no longer in the code: {key[1]!r}")
            for key in made.keys() & committed.keys():
                if made[key] != committed[key]:
                    problems.append(f"{language}: would change: {key[1]!r}")
        return sorted(problems)
    finally:
        shutil.rmtree(next(iter(fresh.values())).parents[4], ignore_errors=True)


def main() -> int:
    problems = differences()
    for problem in problems:
        print(problem)
    if problems:
        print(
            "The catalogues are out of date: run `manage.py makemessages "
            + " ".join(f"-l {language}" for language in LANGUAGES)
            + " --no-obsolete`, translate, then `msgfmt` each catalogue."
        )
        return 1
    print("The catalogues are up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
