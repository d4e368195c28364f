import uuid

from django.conf import settings
from django.db import migrations

# The schemes and their actions become translatable (wagtail-localize): the
# existing ones are in the site's first language, each with its own key.


def bootstrap(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for name in ("Scheme", "SchemeAction"):
        model = apps.get_model("accessibility", name)
        rows = list(model.objects.filter(locale__isnull=True))
        if not rows:
            continue
        locale, _ = Locale.objects.get_or_create(
            language_code=settings.LANGUAGE_CODE.split("-")[0]
        )
        for row in rows:
            row.locale = locale
            row.translation_key = uuid.uuid4()
            row.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("accessibility", "0007_scheme_locales"),
    ]

    operations = [
        migrations.RunPython(bootstrap, migrations.RunPython.noop),
    ]
