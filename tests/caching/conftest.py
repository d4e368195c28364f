"""News articles for the cache tests (an article with a video)."""

from tests.news.conftest import (  # noqa: F401
    _news_layer,
    image,
    make_article,
    news_index,
)
from tests.policy.conftest import _plan_layer, plan  # noqa: F401, E402
