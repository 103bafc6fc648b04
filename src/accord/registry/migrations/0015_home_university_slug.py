"""Home universities become tenants: each gets a slug (unique, how filters,
exports and URLs name it) and a Japanese name.

Existing rows get a slug derived from their short name, else their name
(`core.names.to_slug`, frozen here), made unique with -2, -3...; a name with
nothing that transliterates gets `university-<id>`. No Japanese name is made
up: it stays blank until staff enter it.
"""

import re

from django.db import migrations, models
from unidecode import unidecode


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", unidecode(text).lower())
    return "-".join(words)[:46].strip("-")


def derive_slugs(apps, schema_editor):
    HomeUniversity = apps.get_model("registry", "HomeUniversity")
    taken: set[str] = set()
    for university in HomeUniversity.objects.order_by("pk"):
        base = (
            _slug(university.short_name)
            or _slug(university.name)
            or f"university-{university.pk}"
        )
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        university.slug = slug
        university.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0014_ewp_iia")]

    operations = [
        # Unindexed until it is unique: on PostgreSQL, indexing it here and
        # then making it unique creates its `_like` index twice.
        migrations.AddField(
            model_name="homeuniversity",
            name="slug",
            field=models.SlugField(default="", max_length=50, db_index=False),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="homeuniversity",
            name="name_ja",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="name in Japanese"
            ),
        ),
        migrations.RunPython(derive_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="homeuniversity",
            name="slug",
            field=models.SlugField(
                help_text="How filters, exports and URLs name the university, "
                "e.g. 'tohoku'.",
                max_length=50,
                unique=True,
            ),
        ),
        migrations.AlterModelOptions(
            name="homeuniversity",
            options={"ordering": ["name"], "verbose_name_plural": "home universities"},
        ),
        migrations.AddConstraint(
            model_name="homeuniversity",
            constraint=models.CheckConstraint(
                condition=models.Q(slug__regex="^[a-z0-9]+(-[a-z0-9]+)*$"),
                name="home_university_slug_is_lowercase_words",
            ),
        ),
    ]
