"""Partner institutions get an Erasmus code, a SCHAC code, a website and a city
(all unknown until staff record them). A ROR id already stored as its URL or in
capitals is kept in the one form the registry stores (the bare id, lower-case)
when that form is a valid ROR id; any other value is left as it was."""

from accord.core.identifiers import normal_ror, ror_problem
from django.db import migrations, models


def normalise_ror_ids(apps, schema_editor):
    institution = apps.get_model("registry", "Institution")
    for pk, ror in institution.objects.exclude(ror_id=None).values_list(
        "pk", "ror_id"
    ):
        bare = normal_ror(ror)
        taken = institution.objects.filter(ror_id=bare).exists()
        if bare != ror and ror_problem(bare) is None and not taken:
            institution.objects.filter(pk=pk).update(ror_id=bare)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0009_agreement_lifecycle'),
    ]

    operations = [
        migrations.RunPython(normalise_ror_ids, migrations.RunPython.noop),
        migrations.AddField(
            model_name='historicalinstitution',
            name='city',
            field=models.CharField(blank=True, default='', max_length=100),
        ),
        migrations.AddField(
            model_name='historicalinstitution',
            name='erasmus_code',
            field=models.CharField(blank=True, db_index=True, help_text="Erasmus institution code, e.g. 'F  LYON12'.", max_length=15, null=True, verbose_name='Erasmus code'),
        ),
        migrations.AddField(
            model_name='historicalinstitution',
            name='schac_code',
            field=models.CharField(blank=True, db_index=True, help_text='SCHAC home organisation (a domain name), e.g. uni-lyon.fr.', max_length=253, null=True, verbose_name='SCHAC code'),
        ),
        migrations.AddField(
            model_name='historicalinstitution',
            name='website',
            field=models.URLField(blank=True, default='', max_length=300),
        ),
        migrations.AddField(
            model_name='institution',
            name='city',
            field=models.CharField(blank=True, default='', max_length=100),
        ),
        migrations.AddField(
            model_name='institution',
            name='erasmus_code',
            field=models.CharField(blank=True, help_text="Erasmus institution code, e.g. 'F  LYON12'.", max_length=15, null=True, unique=True, verbose_name='Erasmus code'),
        ),
        migrations.AddField(
            model_name='institution',
            name='schac_code',
            field=models.CharField(blank=True, help_text='SCHAC home organisation (a domain name), e.g. uni-lyon.fr.', max_length=253, null=True, unique=True, verbose_name='SCHAC code'),
        ),
        migrations.AddField(
            model_name='institution',
            name='website',
            field=models.URLField(blank=True, default='', max_length=300),
        ),
        migrations.AlterField(
            model_name='historicalinstitution',
            name='ror_id',
            field=models.CharField(blank=True, db_index=True, help_text='Research Organization Registry id or URL, e.g. 02e16g702 or https://ror.org/02e16g702.', max_length=20, null=True, verbose_name='ROR id'),
        ),
        migrations.AlterField(
            model_name='institution',
            name='ror_id',
            field=models.CharField(blank=True, help_text='Research Organization Registry id or URL, e.g. 02e16g702 or https://ror.org/02e16g702.', max_length=20, null=True, unique=True, verbose_name='ROR id'),
        ),
    ]
