"""The shared tree's news and plan layers, for the query budget's pages."""

import pytest

from home import cache_generation
from tests.news.conftest import _news_layer, image  # noqa: F401
from tests.policy.conftest import _plan_layer, plan  # noqa: F401


@pytest.fixture(autouse=True)
def _cached_entries_outlive_slow_requests(monkeypatch):
    """The local cache keeps entries a few seconds only (other processes would
    not see a change otherwise); a slow test machine must not see them expire
    between the warming request and the measured one."""
    monkeypatch.setattr(cache_generation, "LOCAL_TIMEOUT", 300)
