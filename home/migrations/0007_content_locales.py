from django.db import migrations


def create_locales(apps, schema_editor):
    """A locale for each language of DJANGO_LANGUAGES (Wagtail creates only the
    default one); later additions are made after `migrate` (home/locales.py)."""
    from home.locales import create_content_locales

    create_content_locales(apps, schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_sitesettings_member_of"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
