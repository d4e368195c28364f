from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    """The digital master plan, awards and labels, and the open-data catalogue."""

    name = "policy"
    verbose_name = _("Digital policy")
