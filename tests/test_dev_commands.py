"""`python3 dev.py`, the README's commands: what they hand to the processes they
start."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dev_module():
    spec = importlib.util.spec_from_file_location("dev_commands", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_test_processes_keep_their_bytecode_in_the_virtual_environment():
    dev = dev_module()
    env = {"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin"}
    dev.keep_bytecode(env)
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONPYCACHEPREFIX"] == str(ROOT / ".venv" / "pycache")
    assert env["PATH"] == "/usr/bin"
    # A folder of one's own is kept.
    env = {"PYTHONPYCACHEPREFIX": "/var/cache/python"}
    dev.keep_bytecode(env)
    assert env == {"PYTHONPYCACHEPREFIX": "/var/cache/python"}


def test_a_module_compiled_once_is_read_from_the_cache_by_the_next_process(tmp_path):
    """What the setting buys: the second process finds the bytecode the first
    one wrote, outside the source folder."""
    dev = dev_module()
    source = tmp_path / "src"
    source.mkdir()
    (source / "compiled_once.py").write_text("VALUE = 42\n")
    env = {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc")}
    dev.keep_bytecode(env)
    command = [
        sys.executable,
        "-c",
        "import compiled_once, sys; print(compiled_once.__cached__)",
    ]
    first = subprocess.run(
        command, cwd=source, env=env, capture_output=True, text=True, check=True
    )
    cached = Path(first.stdout.strip())
    assert cached.is_file()
    assert cached.is_relative_to(tmp_path / "pyc")
    assert not (source / "__pycache__").exists()
    written = cached.stat().st_mtime_ns
    subprocess.run(command, cwd=source, env=env, check=True, capture_output=True)
    assert cached.stat().st_mtime_ns == written
