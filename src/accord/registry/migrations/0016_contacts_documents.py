"""An agreement's contacts (home and partner side, in a role) and documents (the
signed agreement, amendments, renewals: files stored outside the web root),
with history. Writes to both move the data version, as the API shows them."""


import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from accord.registry.triggers import versioning


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0015_home_university_slug'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalAgreementDocument',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('signed_agreement', 'Signed agreement'), ('amendment', 'Amendment'), ('renewal', 'Renewal'), ('other', 'Other')], max_length=20)),
                ('title', models.CharField(max_length=300)),
                ('signed_on', models.DateField(blank=True, help_text='Blank: unknown.', null=True, verbose_name='date signed')),
                ('stored_name', models.CharField(db_index=True, editable=False, max_length=100)),
                ('original_name', models.CharField(blank=True, editable=False, max_length=200)),
                ('content_type', models.CharField(editable=False, max_length=50)),
                ('size', models.PositiveBigIntegerField(editable=False)),
                ('sha256', models.CharField(editable=False, max_length=64, verbose_name='SHA-256')),
                ('uploaded_at', models.DateTimeField(blank=True, editable=False)),
                ('public', models.BooleanField(default=False, help_text="Anyone may download it, and the partner's page links it while the agreement is in force. Otherwise staff only.")),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.agreement')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('uploaded_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical agreement document',
                'verbose_name_plural': 'historical agreement documents',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalContact',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('side', models.CharField(choices=[('home', 'Home university'), ('partner', 'Partner')], max_length=10)),
                ('role', models.CharField(choices=[('coordinator', 'Coordinator'), ('signatory', 'Signatory'), ('student_contact', 'Student contact')], max_length=20)),
                ('name', models.CharField(blank=True, max_length=200)),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                ('phone', models.CharField(blank=True, max_length=50)),
                ('unit', models.CharField(blank=True, help_text="e.g. 'Office of International Relations'.", max_length=200, verbose_name='unit or office')),
                ('notes', models.TextField(blank=True)),
                ('public', models.BooleanField(default=False, help_text="Shown to students on the partner's page (student contacts only: name, e-mail and office, never the phone or notes).")),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.agreement')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical contact',
                'verbose_name_plural': 'historical contacts',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='AgreementDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('signed_agreement', 'Signed agreement'), ('amendment', 'Amendment'), ('renewal', 'Renewal'), ('other', 'Other')], max_length=20)),
                ('title', models.CharField(max_length=300)),
                ('signed_on', models.DateField(blank=True, help_text='Blank: unknown.', null=True, verbose_name='date signed')),
                ('stored_name', models.CharField(editable=False, max_length=100, unique=True)),
                ('original_name', models.CharField(blank=True, editable=False, max_length=200)),
                ('content_type', models.CharField(editable=False, max_length=50)),
                ('size', models.PositiveBigIntegerField(editable=False)),
                ('sha256', models.CharField(editable=False, max_length=64, verbose_name='SHA-256')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('public', models.BooleanField(default=False, help_text="Anyone may download it, and the partner's page links it while the agreement is in force. Otherwise staff only.")),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='registry.agreement')),
                ('uploaded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'agreement document',
                'ordering': ['agreement', 'signed_on', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['signed_agreement', 'amendment', 'renewal', 'other'])), name='document_kind_known'), models.CheckConstraint(condition=models.Q(('content_type__in', ['application/pdf', 'image/jpeg', 'image/png'])), name='document_content_type_accepted'), models.CheckConstraint(condition=models.Q(('size__gt', 0)), name='document_not_empty')],
            },
        ),
        migrations.CreateModel(
            name='Contact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('side', models.CharField(choices=[('home', 'Home university'), ('partner', 'Partner')], max_length=10)),
                ('role', models.CharField(choices=[('coordinator', 'Coordinator'), ('signatory', 'Signatory'), ('student_contact', 'Student contact')], max_length=20)),
                ('name', models.CharField(blank=True, max_length=200)),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                ('phone', models.CharField(blank=True, max_length=50)),
                ('unit', models.CharField(blank=True, help_text="e.g. 'Office of International Relations'.", max_length=200, verbose_name='unit or office')),
                ('notes', models.TextField(blank=True)),
                ('public', models.BooleanField(default=False, help_text="Shown to students on the partner's page (student contacts only: name, e-mail and office, never the phone or notes).")),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='registry.agreement')),
            ],
            options={
                'ordering': ['agreement', 'side', 'role', 'name', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('side__in', ['home', 'partner'])), name='contact_side_known'), models.CheckConstraint(condition=models.Q(('role__in', ['coordinator', 'signatory', 'student_contact'])), name='contact_role_known'), models.CheckConstraint(condition=models.Q(('email', ''), ('name', ''), _negated=True), name='contact_has_name_or_email', violation_error_message='a contact needs a name or an e-mail address'), models.CheckConstraint(condition=models.Q(('public', False), ('role', 'student_contact'), _connector='OR'), name='contact_public_only_for_students', violation_error_message='only a student contact is shown to students; keep this one private')],
            },
        ),
        versioning(["registry_contact", "registry_agreementdocument"]),
    ]
