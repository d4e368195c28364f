"""The shared tree's news and plan layers, for the query budget's pages."""

from tests.news.conftest import _news_layer, image  # noqa: F401
from tests.policy.conftest import _plan_layer, plan  # noqa: F401
