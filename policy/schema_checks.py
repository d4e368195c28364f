"""When CSV resources are checked against their declared schema, and where the
results are kept.

A check is keyed by the document's file (name and hash) and the schema's
content (hash): uploading a new file, or changing the schema, asks for a new
check; the same file checked again is read from the database.

- In a web request (saving a dataset, replacing a document, changing a
  schema), a file up to `table_schema.INLINE_MAX_BYTES` is checked at once
  (bounded in bytes and rows); a bigger one is stored as « to be checked ».
- `manage.py check_schemas` checks those (run it after uploads and from cron,
  see docs/deployment.md), without a byte limit of the request's size.
- Public pages never check a file: they read what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from . import table_schema
from .previews import file_key

if TYPE_CHECKING:
    from .models import DatasetResource, SchemaCheck

# The models import this module's readers (the dataset page, the DCAT export):
# the models are looked up, not imported. Values of models.CheckStatus:
PENDING, VALID, INVALID = "pending", "valid", "invalid"


def model(name: str) -> Any:
    return apps.get_model("policy", name)


def sync_shipped_schemas(**kwargs: Any) -> None:
    """On `post_migrate`: one DataSchema per folder of policy/schemas/, its
    content updated from the file (a shipped schema is never edited here)."""
    using = kwargs.get("using", "default")
    if (
        model("DataSchema")._meta.db_table
        not in connections[using].introspection.table_names()
    ):
        return  # Migrated back to before the schemas existed.
    for shipped in table_schema.shipped_schemas():
        model("DataSchema").objects.using(using).update_or_create(
            name=shipped.name,
            version=shipped.version,
            defaults={
                "title": shipped.title,
                "url": shipped.url,
                "descriptor": shipped.descriptor,
                "descriptor_hash": table_schema.descriptor_hash(
                    shipped.descriptor, shipped.version
                ),
                "shipped": True,
            },
        )


def needs_check(resource: DatasetResource) -> bool:
    return bool(resource.schema_id) and resource.is_csv


def run_check(check: SchemaCheck, max_bytes: int, max_rows: int) -> SchemaCheck:
    """Check the file now and store the result."""
    try:
        with check.document.file.open("rb") as stream:
            result = table_schema.check_stream(
                stream, check.schema.descriptor, max_bytes=max_bytes, max_rows=max_rows
            )
    except (OSError, ValueError):
        result = table_schema.CheckResult(False, 1, 0, False, [{"type": "file-error"}])
    check.status = VALID if result.valid else INVALID
    if result.valid is False and not result.errors and result.truncated:
        # Nothing wrong in what was read, but not all of it was: to be checked
        # by the command.
        check.status = PENDING
    check.error_count = result.error_count
    check.rows = result.rows
    check.truncated = result.truncated
    check.errors = result.errors
    check.checked_at = timezone.now()
    check.save()
    purge_pages_showing(check)
    return check


def purge_pages_showing(check: SchemaCheck) -> None:
    """Once committed, purge from a frontend cache (if the site has one) the
    live dataset pages, and their public reports, that show this check: the
    command's results reach residents at once."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    pages = (
        model("DatasetPage")
        .objects.live()
        .filter(
            resources__document_id=check.document_id,
            resources__schema_id=check.schema_id,
        )
    )
    batch = PurgeBatch()
    batch.add_pages(pages.distinct())
    transaction.on_commit(batch.purge)


def ensure_check(
    resource: DatasetResource, inline: bool = True, budget: list[int] | None = None
) -> SchemaCheck | None:
    """The check of the resource's current file against its schema: the stored
    one, or a new one, run now if the file is small enough (`inline`) and
    otherwise left « to be checked »."""
    if not needs_check(resource):
        return None
    document, schema = resource.document, resource.schema
    # One check per file version and schema version.
    identity = {
        "document": document,
        "file_key": file_key(document),
        "schema": schema,
        "schema_hash": schema.descriptor_hash,
    }
    checks = model("SchemaCheck").objects
    check = checks.filter(**identity).first()
    if check is None:
        try:
            with transaction.atomic():
                check = checks.create(**identity, schema_version=schema.version)
        except IntegrityError:
            return checks.filter(**identity).first()
    size = document.get_file_size() or 0
    # What one request may still read (`budget`, shared by its checks).
    allowed = min(table_schema.INLINE_MAX_BYTES, budget[0] if budget else size)
    if inline and check.checked_at is None and size <= allowed:
        if budget:
            budget[0] -= size
        run_check(
            check,
            max_bytes=table_schema.INLINE_MAX_BYTES,
            max_rows=table_schema.INLINE_MAX_ROWS,
        )
    return check


def ensure_checks(resources: Iterable[DatasetResource]) -> None:
    """Each resource's check; those of one request read at most
    `table_schema.INLINE_BUDGET_BYTES` in all, the rest wait for the command."""
    budget = [table_schema.INLINE_BUDGET_BYTES]
    for resource in resources:
        ensure_check(resource, budget=budget)


def run_pending(limit: int | None = None, progress: Any = None) -> list[SchemaCheck]:
    """Check every file still « to be checked », the biggest last; `progress`
    is called with (position, total, check) before each."""
    pending = list(
        model("SchemaCheck")
        .objects.filter(status=PENDING)
        .select_related("document", "schema")
        .order_by("pk")[:limit]
    )
    done = []
    for position, check in enumerate(pending, start=1):
        if progress:
            progress(position, len(pending), check)
        done.append(
            run_check(
                check,
                max_bytes=table_schema.MAX_BYTES,
                max_rows=table_schema.MAX_ROWS,
            )
        )
    return done


def checks_for(
    resources: Sequence[DatasetResource],
) -> dict[int | None, SchemaCheck | None]:
    """The stored check of each resource that declares a schema, by resource
    id (None: not checked yet); one query whatever their number. Nothing is
    checked here: public pages only read."""
    wanted = [r for r in resources if needs_check(r)]
    if not wanted:
        return {}
    stored = {
        (c.document_id, c.file_key, c.schema_id, c.schema_hash): c
        for c in model("SchemaCheck")
        .objects.filter(
            document_id__in={r.document_id for r in wanted},
            schema_id__in={r.schema_id for r in wanted},
        )
        .select_related("schema")
    }
    return {
        r.pk: stored.get(
            (
                r.document_id,
                file_key(r.document),
                r.schema_id,
                r.schema.descriptor_hash,
            )
        )
        for r in wanted
    }


def stored_check(resource: DatasetResource) -> SchemaCheck | None:
    """The stored check of one resource's current file, if any (one query)."""
    if not needs_check(resource):
        return None
    return checks_for([resource]).get(resource.pk)


def recheck_document(sender: type, instance: Any, **kwargs: Any) -> None:
    """On a document's `post_save` (its file may have been replaced): check
    the resources that use it against their schemas."""
    if kwargs.get("raw"):
        return
    ensure_checks(
        model("DatasetResource")
        .objects.filter(document=instance, schema__isnull=False)
        .select_related("document", "schema")
    )


def check_published_dataset(sender: type, instance: Any, **kwargs: Any) -> None:
    """On `page_published` (from the admin, a schedule or the demo loader):
    check the dataset's files against their schemas."""
    if isinstance(instance, model("DatasetPage")):
        ensure_checks(instance.resources.select_related("document", "schema"))
