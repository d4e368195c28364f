# HomePage moves onto home.bases.MainImageMixin: its hero_image / hero_image_alt
# become image / image_alt (renamed, so the data stays) and it gains image_decorative.
# Saved copies of the page that name fields (revisions, wagtail-localize's sources
# and translation contexts) are renamed too, otherwise opening the editor or
# updating a translation would come back without the image.

import json
import uuid

import django.db.models.deletion
from django.db import migrations, models

RENAMES = {"hero_image": "image", "hero_image_alt": "image_alt"}
# wagtail-localize's namespace for TranslationContext.path_id.
LOCALIZE_PATH_NAMESPACE = uuid.UUID("fcab004a-2b50-11ea-978f-2e728ce88125")


def rename_keys(data, renames):
    return {renames.get(key, key): value for key, value in data.items()}


def rename_saved_copies(apps, renames):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    TranslationContext = apps.get_model("wagtail_localize", "TranslationContext")

    content_type = ContentType.objects.filter(
        app_label="home", model="homepage"
    ).first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type):
        revision.content = rename_keys(revision.content, renames)
        revision.save(update_fields=["content"])
    for source in TranslationSource.objects.filter(specific_content_type=content_type):
        content = json.loads(source.content_json)
        source.content_json = json.dumps(rename_keys(content, renames))
        source.save(update_fields=["content_json"])
    # Only HomePage has fields of these names, and they are plain fields: the
    # context's path is the field name.
    for context in TranslationContext.objects.filter(path__in=renames):
        new = renames[context.path]
        context.path = new
        context.field_path = new
        context.path_id = uuid.uuid5(LOCALIZE_PATH_NAMESPACE, new)
        context.save(update_fields=["path", "field_path", "path_id"])


def forwards(apps, schema_editor):
    rename_saved_copies(apps, RENAMES)


def backwards(apps, schema_editor):
    rename_saved_copies(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("home", "0002_hero_image_alt"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RenameField(
            model_name="homepage", old_name="hero_image", new_name="image"
        ),
        migrations.RenameField(
            model_name="homepage", old_name="hero_image_alt", new_name="image_alt"
        ),
        migrations.AlterField(
            model_name="homepage",
            name="image",
            field=models.ForeignKey(
                blank=True,
                help_text="Landscape, at least 1600 px wide. Set its focal point in the image editor so that crops keep what matters.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailimages.image",
                verbose_name="main image",
            ),
        ),
        migrations.AlterField(
            model_name="homepage",
            name="image_alt",
            field=models.CharField(
                blank=True,
                help_text="What the image shows, for readers who cannot see it, in the page's language. Left empty, the image's description is used. Translated with the page.",
                max_length=300,
                verbose_name="image alternative text",
            ),
        ),
        migrations.AddField(
            model_name="homepage",
            name="image_decorative",
            field=models.BooleanField(
                default=False,
                help_text="Tick only if the image adds nothing to the text (an ornament): screen readers then skip it and its alternative text is cleared.",
                verbose_name="decorative image",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
