# The editorial roles on alert banners (home/roles.py): writers and translators
# draft and submit them, managers also publish, delete, lock and unlock them;
# they go through the pages' moderation workflow.

from django.db import migrations

from home.roles import MANAGERS, grant_snippet_permissions


def grant_roles(apps, schema_editor):
    grant_snippet_permissions(apps, "alerts", {"alertbanner": True})
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type = ContentType.objects.get_for_model(
        apps.get_model("alerts", "AlertBanner")
    )
    # Wagtail adds these to lockable snippets after migrating.
    for action in ("lock", "unlock"):
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_alertbanner",
            defaults={"name": f"Can {action} alert banner"},
        )
        Group.objects.get(name=MANAGERS).permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ("alerts", "0001_initial"),
        ("home", "0004_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
