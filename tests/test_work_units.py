"""How the suite is shared between pytest-xdist's processes (tests/conftest.py,
`work_units`): whole modules, costly groups, and a module's transactional tests,
which pytest-django runs after the others, apart."""

from __future__ import annotations

from types import SimpleNamespace

from tests.conftest import keep_the_suite_order, work_units


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
