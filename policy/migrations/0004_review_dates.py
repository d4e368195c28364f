# Review dates on the policy pages (home.models.SitePage.review_date), and the
# editorial roles' permissions on awards and awarding bodies (home/roles.py).

from django.db import migrations, models

from home.roles import grant_snippet_permissions


def grant_roles(apps, schema_editor):
    grant_snippet_permissions(apps, 'policy', {"award": True, "awardingbody": False})


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0004_editorial_roles'),
        ('policy', '0003_open_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='actionpage',
            name='review_date',
            field=models.DateField(blank=True, help_text='When the page should be read again to check it is still right. Left empty, it is due a while after its last publication (a year for most pages). Set a new date once the page has been reviewed.', null=True, verbose_name='review by'),
        ),
        migrations.AddField(
            model_name='awardspage',
            name='review_date',
            field=models.DateField(blank=True, help_text='When the page should be read again to check it is still right. Left empty, it is due a while after its last publication (a year for most pages). Set a new date once the page has been reviewed.', null=True, verbose_name='review by'),
        ),
        migrations.AddField(
            model_name='axispage',
            name='review_date',
            field=models.DateField(blank=True, help_text='When the page should be read again to check it is still right. Left empty, it is due a while after its last publication (a year for most pages). Set a new date once the page has been reviewed.', null=True, verbose_name='review by'),
        ),
        migrations.AddField(
            model_name='masterplanpage',
            name='review_date',
            field=models.DateField(blank=True, help_text='When the page should be read again to check it is still right. Left empty, it is due a while after its last publication (a year for most pages). Set a new date once the page has been reviewed.', null=True, verbose_name='review by'),
        ),
        migrations.AddField(
            model_name='objectivepage',
            name='review_date',
            field=models.DateField(blank=True, help_text='When the page should be read again to check it is still right. Left empty, it is due a while after its last publication (a year for most pages). Set a new date once the page has been reviewed.', null=True, verbose_name='review by'),
        ),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
