"""The shared tree's news and plan layers, for the security tests."""

from tests.news.conftest import (  # noqa: F401
    _news_layer,
    categories,
    image,
    make_article,
    news_index,
)
from tests.policy.conftest import _plan_layer, plan  # noqa: F401
