from django.db import migrations, models


def site_home_pages(apps, site):
    """The home page of the site in every language (the translations of its root)."""
    HomePage = apps.get_model("home", "HomePage")
    root = site.root_page
    return HomePage.objects.filter(translation_key=root.translation_key)


def move_motto_to_home_pages(apps, schema_editor):
    """Each site's motto goes to its home page in every language (which showed it
    until now), in their revisions too, so that publishing an older draft keeps it."""
    SiteSettings = apps.get_model("home", "SiteSettings")
    Revision = apps.get_model("wagtailcore", "Revision")
    for settings in SiteSettings.objects.select_related("site__root_page"):
        if not settings.motto:
            continue
        homes = list(site_home_pages(apps, settings.site))
        for home in homes:
            home.motto = settings.motto
            home.save(update_fields=["motto"])
        for revision in Revision.objects.filter(
            object_id__in=[str(home.pk) for home in homes],
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
        ):
            revision.content["motto"] = settings.motto
            revision.save(update_fields=["content"])


def move_motto_back_to_settings(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    Locale = apps.get_model("wagtailcore", "Locale")
    default = Locale.objects.filter(language_code="fr").first()
    for settings in SiteSettings.objects.select_related("site__root_page"):
        homes = site_home_pages(apps, settings.site)
        home = homes.filter(locale=default).first() or homes.first()
        if home is not None:
            settings.motto = home.motto
            settings.save(update_fields=["motto"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_content_locales"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="homepage",
            name="motto",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Shown under the commune's name in the header of every page of "
                    "this language; translated with the home page."
                ),
                max_length=120,
                verbose_name="motto",
            ),
        ),
        migrations.RunPython(move_motto_to_home_pages, move_motto_back_to_settings),
        migrations.RemoveField(model_name="sitesettings", name="motto"),
    ]
