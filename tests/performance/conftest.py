"""The shared tree's news, plan and agenda layers, for the query budget's pages."""

from tests.contact.conftest import _forms_layer, contact  # noqa: F401, E402
from tests.events.conftest import _agenda_layer, agenda, make_event  # noqa: F401, E402
from tests.news.conftest import _news_layer, image  # noqa: F401
from tests.policy.conftest import _plan_layer, plan  # noqa: F401
