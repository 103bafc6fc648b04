from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0012_cooperation_terms_move_the_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='homeuniversity',
            name='erasmus_code',
            field=models.CharField(blank=True, default='', help_text='Erasmus institution code, if the university has one. Blank: none or unknown.', max_length=15, verbose_name='Erasmus code'),
        ),
        migrations.AddField(
            model_name='homeuniversity',
            name='schac_code',
            field=models.CharField(blank=True, default='', help_text='SCHAC home organisation (a domain name), e.g. tohoku.ac.jp. Blank: unknown (EWP IIA exports are refused until it is set).', max_length=253, verbose_name='SCHAC code'),
        ),
    ]
