"""Agreements get a lifecycle: a status, a validity (start, end, term, automatic
renewal), renewals as dated events, and a termination reason.

Existing agreements keep what they said: one with no end is in force, one that
ended (`ended_on`) has expired, the registry's word for "no longer in force"
(termination needs a reason, which the registry never recorded). Validity stays
unknown: no start, end or term is made up. Past history rows follow the same
rule, so the audit trail does not show a status change that never happened."""

import datetime
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def statuses_from_end_dates(apps, schema_editor):
    for name in ("Agreement", "HistoricalAgreement"):
        model = apps.get_model("registry", name)
        model.objects.filter(ended_on__isnull=False).update(status="expired")
        model.objects.filter(ended_on__isnull=True).update(status="in_force")


def end_dates_only(apps, schema_editor):
    """Backwards: `ended_on` alone holds the state again; nothing to do."""


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0008_home_unit_name_ja'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalRenewal',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('renewed_on', models.DateField()),
                ('valid_until', models.DateField(blank=True, null=True)),
                ('automatic', models.BooleanField(default=False, help_text='Renewed by its own automatic-renewal clause.')),
                ('note', models.TextField(blank=True)),
                ('recorded_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical renewal',
                'verbose_name_plural': 'historical renewals',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Renewal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('renewed_on', models.DateField()),
                ('valid_until', models.DateField(blank=True, null=True)),
                ('automatic', models.BooleanField(default=False, help_text='Renewed by its own automatic-renewal clause.')),
                ('note', models.TextField(blank=True)),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['agreement', 'renewed_on', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='agreement',
            name='renews_automatically',
            field=models.BooleanField(db_default=False, default=False, help_text='Renews itself for another term at each end unless ended.'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('under_negotiation', 'Under negotiation'), ('in_force', 'In force'), ('suspended', 'Suspended'), ('expired', 'Expired'), ('terminated', 'Terminated')], db_default='in_force', default='in_force', max_length=20),
        ),
        migrations.AddField(
            model_name='agreement',
            name='term_months',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Length of one term in months (60 for five years). Blank: unknown.', null=True),
        ),
        migrations.AddField(
            model_name='agreement',
            name='termination_reason',
            field=models.TextField(blank=True, db_default='', default='', help_text='Why it was terminated.'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='valid_from',
            field=models.DateField(blank=True, help_text='First day of validity. Blank: unknown.', null=True),
        ),
        migrations.AddField(
            model_name='agreement',
            name='valid_until',
            field=models.DateField(blank=True, help_text='Last day of the current validity. Blank: unknown, or computed from the start (else the conclusion date) and the term.', null=True),
        ),
        migrations.AddField(
            model_name='historicalagreement',
            name='renews_automatically',
            field=models.BooleanField(db_default=False, default=False, help_text='Renews itself for another term at each end unless ended.'),
        ),
        migrations.AddField(
            model_name='historicalagreement',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('under_negotiation', 'Under negotiation'), ('in_force', 'In force'), ('suspended', 'Suspended'), ('expired', 'Expired'), ('terminated', 'Terminated')], db_default='in_force', default='in_force', max_length=20),
        ),
        migrations.AddField(
            model_name='historicalagreement',
            name='term_months',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Length of one term in months (60 for five years). Blank: unknown.', null=True),
        ),
        migrations.AddField(
            model_name='historicalagreement',
            name='termination_reason',
            field=models.TextField(blank=True, db_default='', default='', help_text='Why it was terminated.'),
        ),
        migrations.AddField(
            model_name='historicalagreement',
            name='valid_from',
            field=models.DateField(blank=True, help_text='First day of validity. Blank: unknown.', null=True),
        ),
        migrations.AddField(
            model_name='historicalagreement',
            name='valid_until',
            field=models.DateField(blank=True, help_text='Last day of the current validity. Blank: unknown, or computed from the start (else the conclusion date) and the term.', null=True),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='ended_on',
            field=models.DateField(blank=True, help_text='Set when it expired or was terminated.', null=True),
        ),
        migrations.AlterField(
            model_name='historicalagreement',
            name='ended_on',
            field=models.DateField(blank=True, help_text='Set when it expired or was terminated.', null=True),
        ),
        migrations.RunPython(statuses_from_end_dates, end_dates_only),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'under_negotiation', 'in_force', 'suspended', 'expired', 'terminated'])), name='agreement_status_known'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('ended_on__isnull', False), ('status__in', ['expired', 'terminated'])), models.Q(models.Q(('status__in', ['expired', 'terminated']), _negated=True), ('ended_on__isnull', True)), _connector='OR'), name='agreement_ended_on_matches_status'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'terminated'), models.Q(('termination_reason', ''), _negated=True)), models.Q(models.Q(('status', 'terminated'), _negated=True), ('termination_reason', '')), _connector='OR'), name='agreement_termination_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_from__isnull', True), ('valid_until__gte', models.F('valid_from')), _connector='OR'), name='agreement_valid_until_after_from'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(('term_months__isnull', True), ('term_months__gte', 1), _connector='OR'), name='agreement_term_positive'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(('renews_automatically', False), ('term_months__isnull', False), _connector='OR'), name='agreement_renewal_has_term'),
        ),
        migrations.AddField(
            model_name='historicalrenewal',
            name='agreement',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.agreement'),
        ),
        migrations.AddField(
            model_name='historicalrenewal',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='renewal',
            name='agreement',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renewals', to='registry.agreement'),
        ),
        migrations.AddConstraint(
            model_name='renewal',
            constraint=models.CheckConstraint(condition=models.Q(('renewed_on__gte', datetime.date(1900, 1, 1))), name='renewal_after_1900'),
        ),
    ]
