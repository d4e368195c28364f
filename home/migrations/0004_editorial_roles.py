# The editorial roles every installation has (see home/roles.py): writers
# (« Rédacteurs »), managers (« Responsables ») and translators (« Traducteurs »),
# with their page, image, document, settings, redirect and menu permissions;
# managers approve in the moderation workflow. Apps grant their own snippets'
# permissions in their migrations.

from django.db import migrations

from home.roles import create_roles, grant_snippet_permissions


def forwards(apps, schema_editor):
    create_roles(apps, schema_editor)
    grant_snippet_permissions(apps, "home", {"menu": True})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0003_homepage_main_image"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
