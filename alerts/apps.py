from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alert banners")

    def ready(self) -> None:
        from . import banners

        banners.connect()
