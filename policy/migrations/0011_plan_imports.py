# The log of the updates of the plan's actions from a spreadsheet (policy.plan_import),
# and the managers' permission to read it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from home.roles import MANAGERS, grant_model_permissions


def grant_managers(apps, schema_editor):
    grant_model_permissions(apps, MANAGERS, "policy", ("view_planimport",))


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0004_editorial_roles'),
        ('policy', '0010_plan_level_body_help_text'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PlanImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('applied_at', models.DateTimeField(blank=True, null=True, verbose_name='applied at')),
                ('file_name', models.CharField(max_length=255, verbose_name='file name')),
                ('status', models.CharField(choices=[('previewed', 'previewed'), ('applied', 'applied')], default='previewed', max_length=20, verbose_name='status')),
                ('published', models.BooleanField(default=False, help_text='Published by a manager, rather than sent for approval.', verbose_name='published directly')),
                ('changed_count', models.PositiveIntegerField(default=0, verbose_name='changed')),
                ('unchanged_count', models.PositiveIntegerField(default=0, verbose_name='unchanged')),
                ('refused_count', models.PositiveIntegerField(default=0, verbose_name='refused')),
                ('changes', models.JSONField(blank=True, default=list, verbose_name='changes')),
                ('report', models.JSONField(blank=True, default=dict, verbose_name='report')),
                ('revisions', models.ManyToManyField(blank=True, related_name='+', to='wagtailcore.revision', verbose_name='revisions')),
                ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='editor')),
            ],
            options={
                'verbose_name': 'spreadsheet import',
                'verbose_name_plural': 'spreadsheet imports',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.RunPython(grant_managers, migrations.RunPython.noop),
    ]
