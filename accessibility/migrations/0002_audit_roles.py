from django.db import migrations

from home.roles import MANAGERS, TRANSLATORS, WRITERS, grant_model_permissions

# Managers carry out and fill in the audits; writers and translators read them
# (the statement they write about follows from them).


def grant_roles(apps, schema_editor):
    grant_model_permissions(
        apps,
        MANAGERS,
        "accessibility",
        ("add_audit", "change_audit", "delete_audit", "view_audit"),
    )
    for role in (WRITERS, TRANSLATORS):
        grant_model_permissions(apps, role, "accessibility", ("view_audit",))


class Migration(migrations.Migration):
    dependencies = [
        ("accessibility", "0001_audits"),
        ("home", "0004_editorial_roles"),
    ]

    operations = [
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
