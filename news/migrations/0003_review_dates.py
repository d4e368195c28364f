# Review dates on news pages (home.models.SitePage.review_date), and the editorial
# roles' permissions on news categories (home/roles.py).

from django.db import migrations, models

from home.roles import grant_snippet_permissions


def grant_roles(apps, schema_editor):
    grant_snippet_permissions(apps, 'news', {"newscategory": False})


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0004_editorial_roles'),
        ('news', '0002_main_image'),
    ]

    operations = [
        migrations.AddField(
            model_name='newsindexpage',
            name='review_date',
            field=models.DateField(blank=True, help_text='When the page should be read again to check it is still right. Left empty, it is due a while after its last publication (a year for most pages). Set a new date once the page has been reviewed.', null=True, verbose_name='review by'),
        ),
        migrations.AddField(
            model_name='newspage',
            name='review_date',
            field=models.DateField(blank=True, help_text='When the page should be read again to check it is still right. Left empty, it is due a while after its last publication (a year for most pages). Set a new date once the page has been reviewed.', null=True, verbose_name='review by'),
        ),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
