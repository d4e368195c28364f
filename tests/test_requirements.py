"""The two hash-locked dependency files: `requirements/runtime.txt`, what a
production server installs, and `requirements/dev.txt`, what developers and CI
install (the runtime plus the `dev` extra: tests, lint, audit).

A server installs the runtime file with `pip install --require-hashes --no-deps`,
so that file must hold every package the site imports and nothing that only tests
or checks it; both files must agree on every package they share, so that the
tests run the versions production runs."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "requirements" / "runtime.txt"
DEV = ROOT / "requirements" / "dev.txt"
# The installer dev.py installs the locks with (uv).
BOOTSTRAP = ROOT / "requirements" / "bootstrap.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = "vivre-libre (pyproject.toml)"
TRUE = "python_version >= '0'"  # the marker of a requirement without one

# What only tests, lints or audits the code: never on a server.
TOOLS = re.compile(
    r"^(pytest(-.+)?|playwright|axe-.+|moto|schemathesis|ruff|import-linter"
    r"|pip-audit|pip-api|pyshacl|hypothesis|hypothesis-.+|responses|feedparser"
    r"|execnet|coverage|werkzeug|flask)$"
)


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    marker: str
    hashes: tuple[str, ...]
    via: tuple[str, ...]


def read_pins(path: Path) -> list[Pin]:
    """The pins of a file written by `uv pip compile --generate-hashes`: one
    `name==version [; marker]` per entry, its `--hash` options on the following
    continuation lines, then the `# via` comment naming who needs it."""
    pins: list[Pin] = []
    entries = re.split(r"\n(?=\S)", path.read_text())
    for entry in entries:
        if entry.startswith("#") or not entry.strip():
            continue
        body = "\n".join(
            line for line in entry.splitlines() if not line.strip().startswith("#")
        )
        words = body.replace("\\\n", " ").split(" --hash=")
        requirement = Requirement(words[0].strip())
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", (
            f"{path.name}: {words[0].strip()!r} is not pinned to one version"
        )
        comments = [
            line.strip().lstrip("#").strip()
            for line in entry.splitlines()
            if line.strip().startswith("#")
        ]
        via = [comment.removeprefix("via").strip() for comment in comments]
        pins.append(
            Pin(
                name=canonicalize_name(requirement.name),
                version=specifiers[0].version,
                marker=str(requirement.marker or ""),
                hashes=tuple(word.strip() for word in words[1:]),
                via=tuple(name for name in via if name),
            )
        )
    assert pins, f"{path.name} pins nothing"
    return pins


RUNTIME_PINS = read_pins(RUNTIME)
DEV_PINS = read_pins(DEV)


def declared(requirements: list[str]) -> dict[str, Requirement]:
    parsed = [Requirement(text) for text in requirements]
    return {canonicalize_name(requirement.name): requirement for requirement in parsed}


DEPENDENCIES = declared(PYPROJECT["project"]["dependencies"])
DEV_EXTRA = declared(PYPROJECT["project"]["optional-dependencies"]["dev"])


@pytest.mark.parametrize("path", [RUNTIME, DEV, BOOTSTRAP], ids=lambda path: path.name)
def test_every_pin_is_hash_checked(path):
    for pin in read_pins(path):
        assert pin.hashes, f"{path.name}: {pin.name}=={pin.version} has no hash"
        for value in pin.hashes:
            assert re.fullmatch(r"sha256:[0-9a-f]{64}", value), (pin.name, value)


def test_dev_installs_the_versions_production_runs():
    dev = {(pin.name, pin.marker): pin.version for pin in DEV_PINS}
    for pin in RUNTIME_PINS:
        where = f"{pin.name} ; {pin.marker}" if pin.marker else pin.name
        assert (pin.name, pin.marker) in dev, f"{where} is in runtime.txt, not dev.txt"
        assert dev[pin.name, pin.marker] == pin.version, (
            f"{where}: runtime.txt pins {pin.version}, dev.txt "
            f"{dev[pin.name, pin.marker]}: compile dev.txt with "
            "`-c requirements/runtime.txt`"
        )


def test_no_test_or_lint_tool_reaches_a_server():
    tools = sorted({pin.name for pin in RUNTIME_PINS if TOOLS.match(pin.name)})
    assert not tools, f"runtime.txt installs test or lint tools: {tools}"
    # The dev extra's own packages are there only when a runtime package needs them.
    for pin in RUNTIME_PINS:
        if pin.name in DEV_EXTRA:
            assert PROJECT not in pin.via, pin
            assert pin.name not in DEPENDENCIES, pin
    # The list above knows the dev extra's tools: the test is not blind to them.
    assert {"pytest", "playwright", "ruff", "pip-audit", "moto"} <= {
        name for name in DEV_EXTRA if TOOLS.match(name)
    }


@pytest.mark.parametrize(
    "pins, requirements",
    [
        (RUNTIME_PINS, DEPENDENCIES),
        (DEV_PINS, {**DEPENDENCIES, **DEV_EXTRA}),
    ],
    ids=["runtime.txt", "dev.txt"],
)
def test_top_level_packages_are_pyprojects(pins, requirements):
    """What the file installs for the project itself is what pyproject.toml
    declares, each at a version the declaration allows: a lock file compiled
    before the last edit of pyproject.toml fails here."""
    top_level = {pin.name for pin in pins if PROJECT in pin.via}
    assert top_level == set(requirements)
    for pin in pins:
        if pin.name in requirements:
            specifier = requirements[pin.name].specifier
            assert specifier.contains(pin.version, prereleases=True), (
                f"{pin.name}=={pin.version} does not satisfy pyproject's {specifier}"
            )


def closure(requirements: dict[str, Requirement]) -> set[str]:
    """The installed distributions `requirements` need on this machine, extras
    followed, read from the environment's metadata."""
    needed: set[str] = set()
    queue = [(name, frozenset(r.extras)) for name, r in requirements.items()]
    seen: set[tuple[str, frozenset[str]]] = set()
    while queue:
        name, extras = queue.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        needed.add(name)
        for text in importlib.metadata.distribution(name).requires or []:
            requirement = Requirement(text)
            marker = requirement.marker or Marker(TRUE)
            if any(marker.evaluate({"extra": extra}) for extra in {"", *extras}):
                queue.append(
                    (canonicalize_name(requirement.name), frozenset(requirement.extras))
                )
    return needed


def test_runtime_file_is_exactly_what_the_dependencies_need():
    """`pip install --no-deps -r requirements/runtime.txt` installs the runtime
    dependencies' whole closure, and only it (read from the installed metadata,
    which is dev.txt's, hence runtime.txt's versions)."""
    here = [pin for pin in RUNTIME_PINS if Marker(pin.marker or TRUE).evaluate()]
    for pin in here:
        installed = importlib.metadata.version(pin.name)
        assert installed == pin.version, (
            f"{pin.name}: {installed} installed, {pin.version} locked: "
            "run `python3 dev.py install` first"
        )
    pinned_here = {pin.name for pin in here}
    needed = closure(DEPENDENCIES)
    assert needed - pinned_here == set(), "needed, but not in runtime.txt"
    assert pinned_here - needed == set(), "in runtime.txt, but nothing needs it"
