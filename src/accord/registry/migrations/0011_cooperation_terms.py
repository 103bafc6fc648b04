"""Cooperation terms: several per agreement (direction, mobility type, places per
academic year, EQF levels, ISCED-F subject areas, languages with CEFR level,
the fee waiver's scope), with history. No existing agreement gets one: the
lists print none."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0010_partner_identifiers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalCooperationTerm',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('direction', models.CharField(choices=[('incoming', 'Incoming (partner to home)'), ('outgoing', 'Outgoing (home to partner)'), ('both', 'Both ways')], max_length=10)),
                ('mobility_type', models.CharField(choices=[('student_studies', 'Student studies'), ('student_traineeship', 'Student traineeship'), ('staff_teaching', 'Staff teaching'), ('staff_training', 'Staff training'), ('research_visit', 'Research visit')], max_length=20)),
                ('places_per_year', models.PositiveIntegerField(blank=True, help_text='Per academic year. Blank: unknown.', null=True)),
                ('study_levels', models.JSONField(blank=True, default=list, help_text='EQF levels 5-8, e.g. [6, 7].')),
                ('subject_areas', models.JSONField(blank=True, default=list, help_text='ISCED-F 2013 four-digit codes, e.g. ["0611", "0533"].')),
                ('languages', models.JSONField(blank=True, default=list, help_text='Languages of instruction with the CEFR level asked, e.g. [{"language": "en", "cefr": "B2"}].')),
                ('fee_waiver_scope', models.JSONField(blank=True, default=list, help_text='What the fee waiver covers: "application", "matriculation", "tuition".')),
                ('notes', models.TextField(blank=True)),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.agreement')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical cooperation term',
                'verbose_name_plural': 'historical cooperation terms',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='CooperationTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('direction', models.CharField(choices=[('incoming', 'Incoming (partner to home)'), ('outgoing', 'Outgoing (home to partner)'), ('both', 'Both ways')], max_length=10)),
                ('mobility_type', models.CharField(choices=[('student_studies', 'Student studies'), ('student_traineeship', 'Student traineeship'), ('staff_teaching', 'Staff teaching'), ('staff_training', 'Staff training'), ('research_visit', 'Research visit')], max_length=20)),
                ('places_per_year', models.PositiveIntegerField(blank=True, help_text='Per academic year. Blank: unknown.', null=True)),
                ('study_levels', models.JSONField(blank=True, default=list, help_text='EQF levels 5-8, e.g. [6, 7].')),
                ('subject_areas', models.JSONField(blank=True, default=list, help_text='ISCED-F 2013 four-digit codes, e.g. ["0611", "0533"].')),
                ('languages', models.JSONField(blank=True, default=list, help_text='Languages of instruction with the CEFR level asked, e.g. [{"language": "en", "cefr": "B2"}].')),
                ('fee_waiver_scope', models.JSONField(blank=True, default=list, help_text='What the fee waiver covers: "application", "matriculation", "tuition".')),
                ('notes', models.TextField(blank=True)),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='registry.agreement')),
            ],
            options={
                'ordering': ['agreement', 'mobility_type', 'direction', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('direction__in', ['incoming', 'outgoing', 'both'])), name='term_direction_known'), models.CheckConstraint(condition=models.Q(('mobility_type__in', ['student_studies', 'student_traineeship', 'staff_teaching', 'staff_training', 'research_visit'])), name='term_mobility_type_known')],
            },
        ),
    ]
