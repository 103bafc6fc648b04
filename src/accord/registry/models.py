"""The registry: who the home university is, its partners, and its agreements.

Everything that must never be stored is refused by the database itself (check and
unique constraints), not only by forms, so an import, the API and the admin cannot
diverge on what a valid agreement is.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history import register
from simple_history.models import HistoricalRecords

from accord.core import identifiers
from accord.core.names import clean_name, fold_name, to_slug
from accord.core.packed import pack_value, unpack
from accord.registry.lifecycle import ENDED, ON_LIST, Status

EARLIEST_DATE = datetime.date(1900, 1, 1)
FOLDED_LENGTH = 300


def stored_fold(name: str) -> str:
    """`name_folded` as stored: the folded name within its column. A name may
    fold longer than it is ("北京" is "bei jing"), so 300 characters of Chinese
    fold to over 1,000; their first 300 are enough to match by."""
    return fold_name(name)[:FOLDED_LENGTH]


def today() -> datetime.date:
    """The registry's today, in the configured time zone (ACCORD_TIME_ZONE)."""
    return timezone.localdate()


def in_force(on: datetime.date | None = None, prefix: str = "") -> Q:
    """The one rule for "in force on a day" (today by default): in a status that
    puts it on the list (in force, or ended since: `lifecycle.ON_LIST`; never a
    draft, nor a suspended one), concluded by then or on a date the list leaves
    unknown, and not ended by then (an agreement ended on D is off D's list).

    `prefix` reaches agreements through a relation: `in_force(prefix="agreements__")`
    on institutions.
    """
    day = on or today()
    return (
        Q(**{f"{prefix}status__in": sorted(ON_LIST)})
        & (
            Q(**{f"{prefix}concluded_on__isnull": True})
            | Q(**{f"{prefix}concluded_on__lte": day})
        )
        & (
            Q(**{f"{prefix}ended_on__isnull": True})
            | Q(**{f"{prefix}ended_on__gt": day})
        )
    )


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def in_force(self, on: datetime.date | None = None) -> AgreementQuerySet:
        """The agreements in force on a day (today by default); see `in_force`."""
        return self.filter(in_force(on))


class Region(models.Model):
    """A world region as the home university groups its list (`Asia`, `Europe`)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    """A country or region (ISO 3166-1), or a pseudo-country with no ISO code.

    The pseudo-country holds partners that belong to no country, such as
    international organizations.
    """

    iso_code = models.CharField(
        "ISO 3166-1 alpha-2 code", max_length=2, unique=True, null=True, blank=True
    )
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="countries"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(iso_code__isnull=True) | Q(iso_code__regex=r"^[A-Z]{2}$"),
                name="country_iso_code_is_two_capitals",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pseudo(self) -> bool:
        return self.iso_code is None


class HomeUniversity(models.Model):
    """A university whose agreements Accord keeps (data, never hard-coded).

    One instance may keep several (a consortium, a national registry): each is a
    tenant named by its `slug` in filters (`university=tohoku`), exports and the
    API.
    """

    slug = models.SlugField(
        max_length=50,
        unique=True,
        help_text="How filters, exports and URLs name the university, e.g. 'tohoku'.",
    )
    name = models.CharField(max_length=200, unique=True)
    name_ja = models.CharField("name in Japanese", max_length=200, blank=True)
    short_name = models.CharField(max_length=50, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    # Its own identifiers, in the forms core/identifiers.py keeps for partners;
    # an EWP IIA names the home university by its SCHAC code (`accord ewp`).
    schac_code = models.CharField(
        "SCHAC code",
        max_length=253,
        blank=True,
        default="",
        help_text="SCHAC home organisation (a domain name), e.g. tohoku.ac.jp. "
        "Blank: unknown (EWP IIA exports are refused until it is set).",
    )
    erasmus_code = models.CharField(
        "Erasmus code",
        max_length=15,
        blank=True,
        default="",
        help_text="Erasmus institution code, if the university has one. Blank: none "
        "or unknown.",
    )
    # Whom its staff roles apply to (`registry.scopes`): an editor of this
    # university changes its agreements and no other's.
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="home_universities",
        help_text="The staff accounts working for this university: their roles "
        "act on its agreements, units, editions and published list only.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "home universities"
        constraints = [
            models.CheckConstraint(
                condition=Q(slug__regex=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
                name="home_university_slug_is_lowercase_words",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = free_university_slug(self.short_name, self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        """Its identifiers in their one stored form (the admin calls this)."""
        errors = {}
        for name, normal, problem in (
            ("schac_code", identifiers.normal_schac, identifiers.schac_problem),
            ("erasmus_code", identifiers.normal_erasmus, identifiers.erasmus_problem),
        ):
            text = getattr(self, name).strip()
            found = problem(text) if text else None
            if found:
                errors[name] = found
            else:
                setattr(self, name, normal(text) if text else "")
        if errors:
            raise ValidationError(errors)


def free_university_slug(*names: str) -> str:
    """A slug no home university has, from the first of `names` that gives one
    (`core.names.to_slug`), with -2, -3... when it is taken; `university` when
    none does."""
    base = next((s for s in map(to_slug, names) if s), "university")[:46]
    slug, n = base, 1
    while HomeUniversity.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class HomeUnit(models.Model):
    """A unit of the home university that holds department-level agreements."""

    class Kind(models.TextChoices):
        GRADUATE_SCHOOL = "graduate_school", "Graduate school"
        INSTITUTE = "institute", "Research institute"
        CENTRE = "centre", "Centre"
        OTHER = "other", "Other"

    home_university = models.ForeignKey(
        HomeUniversity, on_delete=models.PROTECT, related_name="units"
    )
    code = models.CharField(
        max_length=100,
        help_text="As the list prints it, e.g. 'GS Engineering', 'IMRAM'.",
    )
    full_name = models.CharField(max_length=200, blank=True)
    # The unit's official Japanese name (the portal's other language), when known.
    name_ja = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # Other spellings the university's own list prints for the unit (`IRDeS`
    # for IRIDeS): an import reads them as this unit (`edition.toml`'s
    # `variants`, kept so that a list uploaded later reads the same).
    variants = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["home_university", "code"], name="home_unit_code_unique"
            ),
            models.CheckConstraint(
                condition=~Q(code=""), name="home_unit_code_not_blank"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: object, **kwargs: object) -> None:
        self.code = clean_name(self.code)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Institution(models.Model):
    """A partner institution, under its canonical name."""

    name = models.CharField(max_length=300)
    name_folded = models.CharField(
        max_length=FOLDED_LENGTH, editable=False, db_index=True
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="institutions"
    )
    # The identifiers are stored in one form (core/identifiers.py); a form or
    # the API may send a ROR id as its URL, which the services shorten.
    ror_id = models.CharField(
        "ROR id",
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text="Research Organization Registry id or URL, e.g. 02e16g702 or "
        "https://ror.org/02e16g702.",
    )
    erasmus_code = models.CharField(
        "Erasmus code",
        max_length=15,
        unique=True,
        null=True,
        blank=True,
        help_text="Erasmus institution code, e.g. 'F  LYON12'.",
    )
    schac_code = models.CharField(
        "SCHAC code",
        max_length=253,
        unique=True,
        null=True,
        blank=True,
        help_text="SCHAC home organisation (a domain name), e.g. uni-lyon.fr.",
    )
    website = models.URLField(max_length=300, blank=True, default="")
    city = models.CharField(max_length=100, blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"], name="institution_name_unique_in_country"
            ),
            models.CheckConstraint(
                condition=~Q(name=""), name="institution_name_not_blank"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = clean_name(self.name)
        self.name_folded = stored_fold(self.name)
        self.city = clean_name(self.city)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


# What identifies a partner beyond its name: shown on its page, exported, and
# carried over by a merge to the institution kept when it lacks them.
IDENTIFIER_FIELDS: tuple[str, ...] = (
    "ror_id",
    "erasmus_code",
    "schac_code",
    "website",
    "city",
)


class InstitutionAlias(models.Model):
    """Another spelling of an institution's name seen in a list or kept by a merge."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(max_length=300)
    name_folded = models.CharField(
        max_length=FOLDED_LENGTH, editable=False, db_index=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "institution aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"], name="alias_unique_per_institution"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="alias_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = clean_name(self.name)
        self.name_folded = stored_fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


# Aliases are part of what a merge changes; their history makes that visible.
register(InstitutionAlias, app="accord.registry")


class Edition(models.Model):
    """One published list: whose it is, as of when, what it declared, where from."""

    home_university = models.ForeignKey(
        HomeUniversity, on_delete=models.PROTECT, related_name="editions"
    )
    title = models.CharField(max_length=300, blank=True)
    as_of = models.DateField()
    declared_university_total = models.PositiveIntegerField(null=True, blank=True)
    declared_department_total = models.PositiveIntegerField(null=True, blank=True)
    declared_country_total = models.PositiveIntegerField(null=True, blank=True)
    declared_country_counts = models.JSONField(
        default=dict, blank=True, help_text="Country label as printed -> declared (N)."
    )
    source_name = models.CharField(max_length=300, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    report = models.JSONField(
        default=dict, blank=True, help_text="The importer's report for this edition."
    )
    packed_records = models.BinaryField(
        default=bytes,
        blank=True,
        help_text="The edition's records as imported (export schema), kept unchanged "
        "so that editions can be compared after the live agreements change: "
        "compressed JSON (`records`).",
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["home_university", "as_of"], name="edition_unique_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.home_university} as of {self.as_of.isoformat()}"

    @property
    def records(self) -> list[dict[str, Any]]:
        """The records as imported, export-schema dicts. Kept compressed: at
        100,000 agreements their JSON is ~30 MB, and storing it as such raised
        an import's peak memory by ~190 MB (`core.packed`)."""
        return unpack(self.packed_records) or []

    @records.setter
    def records(self, records: list[dict[str, Any]]) -> None:
        self.packed_records = pack_value(list(records))


class Agreement(models.Model):
    """An exchange agreement between the home university and a partner.

    University-level agreements are open to every home unit; department-level ones
    are held by one home unit, with the whole partner institution (blank partner
    department) or one of its departments.
    """

    class Level(models.TextChoices):
        UNIVERSITY = "university", "University level"
        DEPARTMENT = "department", "Department level"

    Status = Status

    # No index of its own: the unique constraint `agreement_not_duplicated`
    # leads with it and serves its look-ups, and each index more is written
    # for every row an import adds (this one: 0.05 s of 100,000).
    home_university = models.ForeignKey(
        HomeUniversity,
        on_delete=models.PROTECT,
        related_name="agreements",
        db_index=False,
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="agreements"
    )
    co_partners = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="joint_agreements",
        help_text="Other partners named on the same agreement (joint agreements).",
    )
    partner_department = models.CharField(
        max_length=300, blank=True, help_text="Blank: the whole institution."
    )
    printed_name = models.CharField(
        max_length=300,
        blank=True,
        help_text="The partner's name as the edition printed it on this agreement's "
        "row, when that is not the institution's name (a spelling variant, or a "
        "name merged into another institution). Blank: the institution's name.",
    )
    home_unit = models.ForeignKey(
        HomeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    # Unknown (None) when the list lost the cell that carries the waiver's mark
    # (a department row printed without its unit): never read as "no waiver".
    fee_waiver = models.BooleanField(
        null=True, default=False, help_text="Blank: unknown."
    )
    concluded_on = models.DateField(null=True, blank=True, help_text="Blank: unknown.")
    ended_on = models.DateField(
        null=True, blank=True, help_text="Set when it expired or was terminated."
    )
    # An imported agreement is in force with an unknown end (the lists print
    # neither a term nor an end), so those are the defaults.
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.IN_FORCE,
        db_default=Status.IN_FORCE,
    )
    valid_from = models.DateField(
        null=True, blank=True, help_text="First day of validity. Blank: unknown."
    )
    valid_until = models.DateField(
        null=True,
        blank=True,
        help_text="Last day of the current validity. Blank: unknown, or computed "
        "from the start (else the conclusion date) and the term.",
    )
    term_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Length of one term in months (60 for five years). Blank: unknown.",
    )
    renews_automatically = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Renews itself for another term at each end unless ended.",
    )
    termination_reason = models.TextField(
        blank=True, default="", db_default="", help_text="Why it was terminated."
    )
    notes = models.TextField(blank=True)
    edition = models.ForeignKey(
        Edition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        help_text="The edition this agreement was last imported from.",
    )
    source_lines = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The audit trail is read by agreement, date, user and university, never
    # by edition or unit: those two indexes only slowed every row it gains.
    history = HistoricalRecords(
        m2m_fields=[co_partners], no_db_index=["edition", "home_unit"]
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["institution__name", "level", "home_unit__code", "concluded_on"]
        indexes = [
            models.Index(fields=["level", "fee_waiver"]),
            models.Index(fields=["concluded_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["university", "department"]),
                name="agreement_level_known",
            ),
            # A department-level agreement may lack its home unit only when the
            # published list lost it (an import keeps it unknown rather than guess);
            # registry.services requires one for every write by staff.
            models.CheckConstraint(
                condition=(
                    Q(level="university", home_unit__isnull=True, partner_department="")
                    | Q(level="department")
                ),
                name="agreement_home_unit_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True)
                | Q(concluded_on__gte=EARLIEST_DATE),
                name="agreement_concluded_after_1900",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(concluded_on__isnull=True)
                | Q(ended_on__gte=F("concluded_on")),
                name="agreement_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="agreement_status_known"
            ),
            # `ended_on` is the day an agreement expired or was terminated, and
            # only such an agreement has one.
            models.CheckConstraint(
                condition=Q(status__in=sorted(ENDED), ended_on__isnull=False)
                | (~Q(status__in=sorted(ENDED)) & Q(ended_on__isnull=True)),
                name="agreement_ended_on_matches_status",
            ),
            models.CheckConstraint(
                condition=(Q(status=Status.TERMINATED) & ~Q(termination_reason=""))
                | (~Q(status=Status.TERMINATED) & Q(termination_reason="")),
                name="agreement_termination_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="agreement_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(term_months__isnull=True) | Q(term_months__gte=1),
                name="agreement_term_positive",
            ),
            models.CheckConstraint(
                condition=Q(renews_automatically=False) | Q(term_months__isnull=False),
                name="agreement_renewal_has_term",
            ),
            models.UniqueConstraint(
                "home_university",
                "level",
                "institution",
                "partner_department",
                Coalesce("home_unit", 0),
                Coalesce("concluded_on", models.Value(EARLIEST_DATE)),
                name="agreement_not_duplicated",
            ),
        ]

    def __str__(self) -> str:
        # A set home_unit_id means home_unit is that unit, never None.
        where = (
            cast(HomeUnit, self.home_unit).code
            if self.home_unit_id
            else "whole university"
        )
        return f"{self.institution} ({self.get_level_display()}, {where})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.partner_department = clean_name(self.partner_department)
        self.printed_name = clean_name(self.printed_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def partner_name(self) -> str:
        """The partner as its edition names it: the export schema's `institution`."""
        return self.printed_name or self.institution.name

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        """The `in_force` rule for this one agreement."""
        return is_in_force(self.status, self.concluded_on, self.ended_on, on)


def is_in_force(
    status: str,
    concluded_on: datetime.date | None,
    ended_on: datetime.date | None,
    on: datetime.date | None = None,
) -> bool:
    """The `in_force` rule for one agreement's values."""
    day = on or today()
    concluded = concluded_on is None or concluded_on <= day
    ended = ended_on is not None and ended_on <= day
    return status in ON_LIST and concluded and not ended


class Renewal(models.Model):
    """One renewal of an agreement: when it was decided, and until when it runs
    since (blank: the new end is unknown)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="renewals"
    )
    renewed_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    automatic = models.BooleanField(
        default=False, help_text="Renewed by its own automatic-renewal clause."
    )
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "renewed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(renewed_on__gte=EARLIEST_DATE),
                name="renewal_after_1900",
            ),
        ]

    def __str__(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else "unknown"
        return f"renewed on {self.renewed_on.isoformat()} until {until}"


class InstitutionMerge(models.Model):
    """One merge of a duplicate institution into the one kept, and how to undo it.

    `snapshot` holds everything the merge removed or moved: the merged-away
    institution's fields and aliases, the agreements that named it, the co-partner
    links it had, and the alias and ROR id the merge gave the kept institution.
    """

    # Null once the kept institution is itself merged away or deleted; the merge
    # can then no longer be undone.
    kept = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        related_name="merges_kept",
    )
    kept_name = models.CharField(max_length=300)
    merged_away_id = models.BigIntegerField()
    merged_away_name = models.CharField(max_length=300)
    snapshot = models.JSONField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.merged_away_name} merged into {self.kept_name}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class DataVersion(models.Model):
    """The version of everything the portal and the API show, in one row.

    Database triggers (migration 0006) move `counter` and `changed_at` on every
    insert, update or delete of the tables in `VERSIONED_TABLES`, whatever
    process or tool writes them, so any process reads the data's version in one
    small query. `epoch` is new each time the row is created, so a database
    emptied and filled again never repeats an earlier version.
    """

    epoch = models.CharField(max_length=32)
    counter = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.epoch}.{self.counter}"


# What the portal and the API show: a write to any of these moves the version.
VERSIONED_TABLES = (
    "registry_region",
    "registry_country",
    "registry_homeuniversity",
    "registry_homeunit",
    "registry_institution",
    "registry_institutionalias",
    "registry_edition",
    "registry_agreement",
    "registry_agreement_co_partners",
    "registry_institutionmerge",
    "registry_cooperationterm",
    "registry_contact",
    "registry_agreementdocument",
)


# Cooperation terms, contacts and documents live beside their rules
# (registry/cooperation.py, contacts.py, documents.py); imported here so that
# Django finds the models with the others.
from accord.registry.contacts import Contact  # noqa: E402
from accord.registry.cooperation import CooperationTerm, IiaIdentifiers  # noqa: E402
from accord.registry.documents import AgreementDocument  # noqa: E402

__all__ = ["AgreementDocument", "Contact", "CooperationTerm", "IiaIdentifiers"]
