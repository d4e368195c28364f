# Review dates on the home app's pages (home.models.SitePage.review_date).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0004_editorial_roles'),
    ]

    operations = [
        migrations.AddField(
            model_name='accessibilitystatementpage',
            name='review_date',
            field=models.DateField(blank=True, help_text='When the page should be read again to check it is still right. Left empty, it is due a while after its last publication (a year for most pages). Set a new date once the page has been reviewed.', null=True, verbose_name='review by'),
        ),
        migrations.AddField(
            model_name='contentpage',
            name='review_date',
            field=models.DateField(blank=True, help_text='When the page should be read again to check it is still right. Left empty, it is due a while after its last publication (a year for most pages). Set a new date once the page has been reviewed.', null=True, verbose_name='review by'),
        ),
        migrations.AddField(
            model_name='homepage',
            name='review_date',
            field=models.DateField(blank=True, help_text='When the page should be read again to check it is still right. Left empty, it is due a while after its last publication (a year for most pages). Set a new date once the page has been reviewed.', null=True, verbose_name='review by'),
        ),
        migrations.AddField(
            model_name='sitemappage',
            name='review_date',
            field=models.DateField(blank=True, help_text='When the page should be read again to check it is still right. Left empty, it is due a while after its last publication (a year for most pages). Set a new date once the page has been reviewed.', null=True, verbose_name='review by'),
        ),
    ]
