"""The shared tree's news and plan layers, and users of each editorial role, for
the security tests."""

from tests.news.conftest import (  # noqa: F401
    _news_layer,
    categories,
    image,
    make_article,
    news_index,
    news_index_en,
)
from tests.policy.conftest import _plan_layer, plan  # noqa: F401
from tests.workflow.conftest import (  # noqa: F401
    manager,
    manager_client,
    translator,
    translator_client,
    writer,
)
