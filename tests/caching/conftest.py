"""News articles (an article with a video), the plan and the agenda for the cache
tests."""

from tests.contact.conftest import _forms_layer, contact, contact_en  # noqa: F401, E402
from tests.events.conftest import (  # noqa: F401, E402
    _agenda_layer,
    agenda,
    agenda_en,
    make_event,
)
from tests.news.conftest import (  # noqa: F401
    _news_layer,
    image,
    make_article,
    news_index,
)
from tests.policy.conftest import _plan_layer, plan  # noqa: F401, E402
