"""The merge records and the alias history move from the back office to the
registry, where merging lives: the state moves, the tables are renamed, and the
content types (so the roles' permissions) follow."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = ["institutionmerge", "historicalinstitutionalias"]


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="registry", model__in=MOVED).delete()
    content_type.objects.filter(app_label="backoffice", model__in=MOVED).update(
        app_label="registry"
    )


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="registry", model__in=MOVED).update(
        app_label="backoffice"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0004_agreement_printed_name"),
        ("backoffice", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalInstitutionAlias',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(max_length=300)),
                        ('name_folded', models.CharField(db_index=True, editable=False, max_length=300)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('institution', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.institution')),
                    ],
                    options={
                        'verbose_name': 'historical institution alias',
                        'verbose_name_plural': 'historical institution aliases',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                        'db_table': 'backoffice_historicalinstitutionalias',
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='InstitutionMerge',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kept_name', models.CharField(max_length=300)),
                        ('merged_away_id', models.BigIntegerField()),
                        ('merged_away_name', models.CharField(max_length=300)),
                        ('snapshot', models.JSONField()),
                        ('merged_at', models.DateTimeField(auto_now_add=True)),
                        ('undone_at', models.DateTimeField(blank=True, null=True)),
                        ('kept', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merges_kept', to='registry.institution')),
                        ('merged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('undone_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-merged_at', '-pk'],
                        'db_table': 'backoffice_institutionmerge',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="historicalinstitutionalias", table=None),
        migrations.AlterModelTable(name="institutionmerge", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
