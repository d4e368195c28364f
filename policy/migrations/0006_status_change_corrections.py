# Corrections of an action's public history (policy.history_admin): the
# corrected values beside the published ones, and the managers' permission to
# correct or withdraw an entry (home/roles.py).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from home.roles import MANAGERS, grant_model_permissions


def grant_managers(apps, schema_editor):
    grant_model_permissions(apps, MANAGERS, "policy", ("change_actionstatuschange",))


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0004_editorial_roles'),
        ('policy', '0005_open_data_review_dates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='actionstatuschange',
            name='corrected_at',
            field=models.DateTimeField(blank=True, help_text='When the latest correction was made; residents read its date.', null=True, verbose_name='corrected at'),
        ),
        migrations.AddField(
            model_name='actionstatuschange',
            name='corrected_by',
            field=models.ForeignKey(blank=True, help_text="Who made the latest correction (the admin's log keeps them all).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='corrected by'),
        ),
        migrations.AddField(
            model_name='actionstatuschange',
            name='corrected_date',
            field=models.DateField(blank=True, help_text='The date shown instead of the published one; empty: unchanged.', null=True, verbose_name='corrected date'),
        ),
        migrations.AddField(
            model_name='actionstatuschange',
            name='corrected_progress',
            field=models.PositiveSmallIntegerField(blank=True, help_text='The progress shown instead of the published one, 0 to 100; empty: unchanged.', null=True, verbose_name='corrected progress (%)'),
        ),
        migrations.AddField(
            model_name='actionstatuschange',
            name='corrected_status',
            field=models.CharField(blank=True, choices=[('planned', 'planned'), ('in_progress', 'in progress'), ('done', 'done'), ('abandoned', 'abandoned')], help_text='The status shown instead of the published one; empty: unchanged.', max_length=20, verbose_name='corrected status'),
        ),
        migrations.AddField(
            model_name='actionstatuschange',
            name='correction',
            field=models.CharField(blank=True, choices=[('corrected', 'corrected'), ('withdrawn', 'withdrawn')], help_text='Empty while the entry stands as published. Corrected: residents read the corrected values with a note giving the reason. Withdrawn: residents read only that the entry was withdrawn, and why.', max_length=20, verbose_name='correction'),
        ),
        migrations.AddField(
            model_name='actionstatuschange',
            name='correction_reason',
            field=models.TextField(blank=True, help_text='Why the entry is corrected or withdrawn, in plain words: residents read it under the entry, on every translation of the action.', max_length=500, verbose_name='reason'),
        ),
        migrations.RunPython(grant_managers, migrations.RunPython.noop),
    ]
