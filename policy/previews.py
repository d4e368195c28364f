"""The previews of a dataset's CSV files, computed once per file and stored
(policy.DocumentPreview): a visit reads them in one query whatever their number.

A file is known by its name and hash (`file_key`): a replaced file gets a new
preview, and a new schema check (policy.schema_checks). This module imports
nothing from `policy.models` (the models import it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import IntegrityError, transaction

from .csv_preview import MISSING, Preview, preview_stream

if TYPE_CHECKING:
    from .models import DatasetResource


def previews_for(resources: Sequence[DatasetResource]) -> dict[int, Preview]:
    """The preview of each CSV document among `resources`, by resource id: those
    already computed in one query, the others computed now (bounded reads, see
    csv_preview) and stored for the next visits."""
    model = apps.get_model("policy", "DocumentPreview")
    csv_resources = [r for r in resources if r.is_csv]
    if not csv_resources:
        return {}
    stored = {
        (p.document_id, p.file_key): p.preview
        for p in model.objects.filter(
            document_id__in=[r.document_id for r in csv_resources]
        )
    }
    previews = {}
    for resource in csv_resources:
        key = (resource.document_id, file_key(resource.document))
        if key not in stored:
            stored[key] = compute_preview(resource)
            try:
                with transaction.atomic():
                    model.objects.create(
                        document_id=key[0], file_key=key[1], data=stored[key].as_json()
                    )
            except IntegrityError:
                pass  # Another visit stored it first.
        previews[resource.pk] = stored[key]
    return previews


def file_key(document: Any) -> str:
    """What tells one file of a document from the next: a replaced file may
    take the old one's name, not its hash (or, without a hash, its size)."""
    fingerprint = document.file_hash or str(document.file_size or "")
    return f"{document.file.name}:{fingerprint}"[:400]


def compute_preview(resource: DatasetResource) -> Preview:
    try:
        with resource.document.file.open("rb") as stream:
            return preview_stream(stream)
    except (OSError, ValueError):
        return Preview(error=MISSING)
