from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    """The digital master plan, awards and labels, and the open-data catalogue."""

    name = "policy"
    verbose_name = _("Digital policy")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, post_save
        from wagtail.documents import get_document_model
        from wagtail.signals import page_published

        from . import action_index, progress
        from .models.plan import PLAN_VIEWS
        from .schema_checks import (
            check_published_dataset,
            recheck_document,
            sync_shipped_schemas,
        )
        from .signals import record_indicator_changes, record_status_change

        PLAN_VIEWS.update(
            actions=action_index.actions_view,
            figures=progress.figures,
            series=progress.progress_over_time_for,
        )

        page_published.connect(
            record_status_change, dispatch_uid="policy_record_status_change"
        )
        page_published.connect(
            record_indicator_changes, dispatch_uid="policy_record_indicator_changes"
        )
        post_migrate.connect(
            sync_shipped_schemas, sender=self, dispatch_uid="policy_sync_schemas"
        )
        post_save.connect(
            recheck_document,
            sender=get_document_model(),
            dispatch_uid="policy_recheck_document",
        )
        page_published.connect(
            check_published_dataset, dispatch_uid="policy_check_published_dataset"
        )
