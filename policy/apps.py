from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    """The digital master plan, awards and labels, and the open-data catalogue."""

    name = "policy"
    verbose_name = _("Digital policy")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from .signals import record_status_change

        page_published.connect(
            record_status_change, dispatch_uid="policy_record_status_change"
        )
