"""The browser suite's scripts run in one process (tests/demo_shell.py) as each
would in its own `manage.py shell -c`: nothing carried from one to the next."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import translation

from tests.demo_shell import run


def test_a_script_gives_what_it_printed():
    assert run("print('première ligne')\nprint(6 * 7)") == {
        "printed": "première ligne\n42\n",
        "error": None,
    }


def test_a_script_starts_from_nothing_the_last_one_left():
    assert run("kept = 1")["error"] is None
    assert "NameError: name 'kept' is not defined" in run("print(kept)")["error"]


def test_a_failing_script_is_told_with_its_traceback():
    answer = run("print('avant')\nraise ValueError('la raison')")
    assert answer["printed"] == "avant\n"
    assert answer["error"].rstrip().endswith("ValueError: la raison")


def test_a_script_starts_in_the_default_language_with_an_empty_memory_cache():
    translation.activate("en")
    cache.set("left-by-the-last-script", 1)
    answer = run(
        "from django.core.cache import cache\n"
        "from django.utils import translation\n"
        "print(translation.get_language(), cache.get('left-by-the-last-script'))"
    )
    assert answer["printed"] == "fr None\n"
