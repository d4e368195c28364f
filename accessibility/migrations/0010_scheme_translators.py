# Translators translate the multi-year scheme and its actions with
# wagtail-localize, as they translate the other snippets without drafts (a
# scheme is live once saved, like an awarding body): « add » and « change »
# (home/roles.py), kept off the French source by home/translation/rights.py and
# the scheme's permission policy. Writers keep reading it; managers keep
# writing, deleting and translating it.

from django.db import migrations

from home.roles import grant_snippet_permissions


def grant_roles(apps, schema_editor):
    grant_snippet_permissions(apps, "accessibility", {"scheme": False})


class Migration(migrations.Migration):
    dependencies = [
        ("accessibility", "0009_scheme_translations"),
        ("home", "0004_editorial_roles"),
    ]

    operations = [
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
