"""The editorial roles every installation has: writers, managers and translators.

The groups are created by migrations (home's `0004_editorial_roles`, and each app's
migration for its own snippets) rather than by the demo data, so that a production
site starts with them. Administrators are superusers: they alone manage users and
groups, which Wagtail treats as full trust.

Translators have the writers' page and snippet permissions so that they can edit
translations; home/translation/rights.py keeps them off the French source.

The functions below take the migration's `apps`: they are called from migrations
and must only use historical models."""

from __future__ import annotations

WRITERS = "Rédacteurs"
MANAGERS = "Responsables"
TRANSLATORS = "Traducteurs"
ROLES = (WRITERS, MANAGERS, TRANSLATORS)

# Page permissions, given on the root page (so on every site and language).
PAGE_PERMISSIONS = {
    WRITERS: ("add_page", "change_page"),
    MANAGERS: (
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ),
    TRANSLATORS: ("add_page", "change_page"),
}
# Collection permissions (images and documents), on the root collection.
COLLECTION_PERMISSIONS = {
    WRITERS: (
        ("wagtailimages", ("add_image", "change_image", "choose_image")),
        ("wagtaildocs", ("add_document", "change_document", "choose_document")),
    ),
    MANAGERS: (
        (
            "wagtailimages",
            ("add_image", "change_image", "delete_image", "choose_image"),
        ),
        (
            "wagtaildocs",
            ("add_document", "change_document", "delete_document", "choose_document"),
        ),
    ),
    TRANSLATORS: (
        ("wagtailimages", ("choose_image",)),
        ("wagtaildocs", ("choose_document",)),
    ),
}
# Model permissions: the admin itself, site settings, redirects, translations.
MODEL_PERMISSIONS = {
    WRITERS: (("wagtailadmin", ("access_admin",)),),
    MANAGERS: (
        ("wagtailadmin", ("access_admin",)),
        ("home", ("change_sitesettings",)),
        ("wagtailredirects", ("add_redirect", "change_redirect", "delete_redirect")),
        ("wagtail_localize", ("submit_translation",)),
    ),
    TRANSLATORS: (
        ("wagtailadmin", ("access_admin",)),
        ("wagtail_localize", ("submit_translation",)),
    ),
}


def snippet_codenames(role: str, model_name: str, draftable: bool) -> list[str]:
    """What a role may do with a snippet: writers and translators write drafts,
    managers also publish and delete. A snippet without drafts (a category, an
    awarding body) is live as soon as it is saved: writers leave it to managers,
    translators translate it."""
    if role == WRITERS and not draftable:
        return []
    codenames = [f"add_{model_name}", f"change_{model_name}"]
    if role == MANAGERS:
        codenames.append(f"delete_{model_name}")
        if draftable:
            codenames.append(f"publish_{model_name}")
    return codenames


def ensure_permissions(apps) -> None:
    """Django creates permissions after the last migration; the roles need them
    now, on a fresh database."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permissions(apps, app_label: str, codenames: tuple[str, ...] | list[str]):
    Permission = apps.get_model("auth", "Permission")
    found = list(
        Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    )
    missing = set(codenames) - {p.codename for p in found}
    if missing:
        raise LookupError(f"Permissions not found in {app_label}: {sorted(missing)}")
    return found


def grant_model_permissions(
    apps, role: str, app_label: str, codenames: tuple[str, ...]
) -> None:
    """Give one role model permissions of an app, from that app's migration."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=role)
    group.permissions.add(*permissions(apps, app_label, codenames))


def grant_snippet_permissions(apps, app_label: str, snippets: dict[str, bool]) -> None:
    """Give each role its permissions on an app's snippets (`{model_name:
    draftable}`), from that app's migration, and put the draftable ones under
    the pages' moderation workflow."""
    ensure_permissions(apps)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for model_name, draftable in snippets.items():
        if draftable:
            # Wagtail adds « publish » to draftable snippets after migrating.
            model = apps.get_model(app_label, model_name)
            Permission.objects.get_or_create(
                content_type=ContentType.objects.get_for_model(model),
                codename=f"publish_{model_name}",
                defaults={"name": f"Can publish {model._meta.verbose_name_raw}"},
            )
    # Draftable snippets are moderated by the workflow that moderates the pages.
    Page = apps.get_model("wagtailcore", "Page")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    root_page = Page.objects.filter(depth=1).first()
    page_workflow = WorkflowPage.objects.filter(page=root_page).first()
    if page_workflow is not None:
        for model_name, draftable in snippets.items():
            if draftable:
                content_type = ContentType.objects.get_for_model(
                    apps.get_model(app_label, model_name)
                )
                WorkflowContentType.objects.get_or_create(
                    content_type=content_type,
                    defaults={"workflow_id": page_workflow.workflow_id},
                )
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        for model_name, draftable in snippets.items():
            group.permissions.add(
                *permissions(
                    apps, app_label, snippet_codenames(role, model_name, draftable)
                )
            )


def create_roles(apps, schema_editor) -> None:
    """The three groups with their page, collection and model permissions; the
    managers join the approvers of the moderation workflow's tasks."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        if root_page is not None:
            for permission in permissions(apps, "wagtailcore", PAGE_PERMISSIONS[role]):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )
        if root_collection is not None:
            for app_label, codenames in COLLECTION_PERMISSIONS[role]:
                for permission in permissions(apps, app_label, codenames):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )
        for app_label, codenames in MODEL_PERMISSIONS[role]:
            group.permissions.add(*permissions(apps, app_label, codenames))
    managers = Group.objects.get(name=MANAGERS)
    for task in GroupApprovalTask.objects.filter(groups__name="Moderators").distinct():
        task.groups.add(managers)
