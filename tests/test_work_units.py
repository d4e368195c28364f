"""How the suite is shared between pytest-xdist's processes (tests/conftest.py,
`work_units`): whole modules, costly groups, and a module's transactional tests,
which pytest-django runs after the others, apart."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.conftest import (
    by_shared_layers,
    is_transactional,
    keep_the_suite_order,
    work_units,
)


def units_of(*node_ids: str, groups: dict[str, str] | None = None) -> list[str]:
    items = [SimpleNamespace(nodeid=node_id) for node_id in node_ids]
    named = {id(item): (groups or {}).get(item.nodeid) for item in items}
    units = work_units(items, named)
    return [units[id(item)] for item in items]


def test_a_module_is_one_unit():
    assert units_of(
        "tests/a.py::test_one", "tests/a.py::test_two[x]", "tests/b.py::T::t"
    ) == [
        "tests/a.py",
        "tests/a.py",
        "tests/b.py",
    ]


def test_a_module_met_again_later_makes_a_second_unit():
    """Its transactional tests, moved to the end by pytest-django, must not run
    before the other modules' tests of the same process: they empty the
    database."""
    assert units_of(
        "tests/a.py::test_on_the_database",
        "tests/b.py::test_on_the_database",
        "tests/a.py::test_transactional",
    ) == ["tests/a.py", "tests/b.py", "tests/a.py#2"]


def test_a_costly_group_stays_one_unit_across_modules():
    groups = {"tests/a.py::test_big": "demo", "tests/c.py::test_big": "demo"}
    assert units_of(
        "tests/a.py::test_big",
        "tests/b.py::test_small",
        "tests/c.py::test_big",
        "tests/c.py::test_small",
        groups=groups,
    ) == ["demo", "tests/b.py", "demo", "tests/c.py"]


def test_units_are_handed_out_in_the_suite_order_under_loadgroup():
    """pytest-xdist sorts units by size unless told not to: then a module's
    second unit (its transactional tests) could run before other modules' tests
    of its process."""
    grouped = SimpleNamespace(dist="loadgroup", loadscopereorder=True)
    keep_the_suite_order(grouped)
    assert grouped.loadscopereorder is False
    scoped = SimpleNamespace(dist="loadscope", loadscopereorder=True)
    keep_the_suite_order(scoped)
    assert scoped.loadscopereorder is True


def on_layers(node_id: str, *fixtures: str, transactional: bool = False):
    marker = pytest.mark.django_db(transaction=True).mark if transactional else None
    return SimpleNamespace(
        nodeid=node_id,
        fixturenames=list(fixtures),
        cls=None,
        get_closest_marker=lambda name: marker,
    )


def test_tests_on_the_same_shared_layers_run_one_after_the_other():
    """Each layer is then built once in a row, not at every change of module;
    what comes after the last test on a layer stays in place. (The layers of
    the suite's root: the demo site, the site.)"""
    items = [
        on_layers("tests/a.py::on_the_site", "_site_layer"),
        on_layers("tests/a.py::on_nothing"),
        on_layers("tests/b.py::on_the_demo", "_demo_layer"),
        on_layers("tests/b.py::on_the_site", "_site_layer"),
        on_layers("tests/c.py::after"),
    ]
    by_shared_layers(items)
    assert [item.nodeid for item in items] == [
        "tests/a.py::on_nothing",
        "tests/b.py::on_the_demo",
        "tests/a.py::on_the_site",
        "tests/b.py::on_the_site",
        "tests/c.py::after",
    ]


def test_nothing_moves_around_a_transactional_test():
    items = [
        on_layers("tests/a.py::on_the_site", "_site_layer"),
        on_layers("tests/a.py::transactional", transactional=True),
        on_layers("tests/b.py::on_the_demo", "_demo_layer"),
    ]
    by_shared_layers(items)
    assert [item.nodeid for item in items] == [
        "tests/a.py::on_the_site",
        "tests/a.py::transactional",
        "tests/b.py::on_the_demo",
    ]


@pytest.mark.parametrize(
    ("marker", "fixtures", "expected"),
    [
        (pytest.mark.django_db.mark, (), False),
        (pytest.mark.django_db(transaction=True).mark, (), True),
        (pytest.mark.django_db(True).mark, (), True),
        (pytest.mark.django_db(True, True).mark, (), True),
        (None, ("live_server",), True),
        (None, ("transactional_db",), True),
        (None, ("db",), False),
    ],
)
def test_transactional_tests_are_told_as_pytest_django_tells_them(
    marker, fixtures, expected
):
    item = SimpleNamespace(
        fixturenames=list(fixtures), cls=None, get_closest_marker=lambda name: marker
    )
    assert is_transactional(item) is expected
