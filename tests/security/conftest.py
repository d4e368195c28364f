"""The shared tree's news and plan layers, for the security tests."""

from tests.news.conftest import _news_layer, news_index  # noqa: F401
from tests.policy.conftest import _plan_layer, plan  # noqa: F401
