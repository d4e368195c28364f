"""The last update of datasets whose files the site generates.

A dataset whose resources are the master plan's exports (addresses of this site
such as `/schema-directeur-du-numerique/actions/csv/`) changes whenever an
action's status or an indicator's measure does: what a reuser of those files
calls « the data changed ». Its `modified` date, as the catalogue, the dataset's
page, DCAT, SCDL and schema.org read it, is the newest of the date the editor
gave and the newest dated change of the plan's live actions (a status change of
the history as residents read it, a corrected date included and a withdrawn
entry left out; an indicator's measure), never later than today. The
publication of a page is not such a change: a reworded paragraph is no new data.

Queries: none when no dataset has an address of this site; otherwise one for the
live plans and two per plan a dataset names (a site has one per language),
whatever the number of datasets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.apps import apps
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

if TYPE_CHECKING:
    from .models import DatasetPage, DatasetResource, MasterPlanPage


def site_path(address: str) -> str | None:
    """The path of an address of this site (`/…`), else None."""
    if not address.startswith("/") or address.startswith("//"):
        return None
    return urlsplit(address).path


def plan_last_change(plan: MasterPlanPage) -> date | None:
    """The newest dated change of the plan's live actions (two queries). The
    history is shared by an action's translations, hence the translation keys."""
    action_page = apps.get_model("policy", "ActionPage")
    status_change = apps.get_model("policy", "ActionStatusChange")
    indicator = apps.get_model("policy", "ActionIndicator")
    actions = action_page.objects.live().descendant_of(plan)
    today = timezone.localdate()
    last_status = (
        status_change.objects.filter(
            action__translation_key__in=actions.values("translation_key")
        )
        .standing()
        .annotate(shown_on=Coalesce("corrected_date", "date"))
        .filter(shown_on__lte=today)
        .aggregate(last=Max("shown_on"))["last"]
    )
    last_measure = indicator.objects.filter(
        page__in=actions.values("pk"), measured_on__lte=today
    ).aggregate(last=Max("measured_on"))["last"]
    return max((d for d in (last_status, last_measure) if d), default=None)


def refresh_modified(
    datasets: Iterable[tuple[DatasetPage, Sequence[DatasetResource]]],
    request: HttpRequest | None,
) -> None:
    """Set, in memory, the `modified` date of each dataset that offers one of
    the plan's exports to the plan's last change when it is newer (see above).
    The instances are read-only copies for a response: nothing is saved."""
    named: list[tuple[DatasetPage, set[str]]] = []
    for dataset, resources in datasets:
        paths = {site_path(r.url) for r in resources if r.url and not r.document_id}
        paths.discard(None)
        if paths:
            named.append((dataset, paths))  # type: ignore[arg-type]
    if not named:
        return
    plans = apps.get_model("policy", "MasterPlanPage").objects.live()
    exports: dict[str, MasterPlanPage] = {}
    for plan in plans:
        for download in plan.downloads(request):
            exports[urlsplit(download["url"]).path] = plan
    last_changes: dict[int, date | None] = {}
    for dataset, paths in named:
        for path in sorted(paths):
            plan = exports.get(path)
            if plan is None:
                continue
            if plan.pk not in last_changes:
                last_changes[plan.pk] = plan_last_change(plan)
            last = last_changes[plan.pk]
            if last and last > dataset.modified:
                dataset.modified = last
