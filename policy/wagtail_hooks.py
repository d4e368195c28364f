"""The policy app's contributions to the admin and to the demo data, through hooks
(so that `home` never imports us)."""

from __future__ import annotations

from pathlib import Path

from wagtail import hooks


@hooks.register("load_demo_data")
def load_policy_demo_data() -> Path:
    """The master plan's demo content: data files read by home's loader."""
    return Path(__file__).resolve().parent / "demo_data"
