from django.db import migrations

from home.roles import MANAGERS, TRANSLATORS, WRITERS, grant_model_permissions

# As for the audits: managers write the scheme, writers and translators read it.


def grant_roles(apps, schema_editor):
    grant_model_permissions(
        apps,
        MANAGERS,
        "accessibility",
        ("add_scheme", "change_scheme", "delete_scheme", "view_scheme"),
    )
    for role in (WRITERS, TRANSLATORS):
        grant_model_permissions(apps, role, "accessibility", ("view_scheme",))


class Migration(migrations.Migration):
    dependencies = [
        ("accessibility", "0004_schemes"),
        ("home", "0004_editorial_roles"),
    ]

    operations = [
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
