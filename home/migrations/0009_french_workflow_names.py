"""Wagtail's default moderation workflow and its task get French names.

wagtailcore's migrations create them as « Moderators approval », a name the
admin shows as it is (« Soumettre à Moderators approval » on the writers'
button), whatever the editor's language. The editors are French: both are named
« Validation par un responsable ». Only those still bearing Wagtail's name are
renamed, and only those are renamed back.
"""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
FRENCH_NAME = "Validation par un responsable"


def rename(apps, old: str, new: str) -> None:
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, WAGTAIL_NAME, FRENCH_NAME)


def backwards(apps, schema_editor):
    rename(apps, FRENCH_NAME, WAGTAIL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_homepage_motto"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
