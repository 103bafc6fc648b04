"""Plain make_* functions for tests: each makes one valid object, overridable."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User

from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    HomeUniversity,
    Institution,
    Region,
)


def make_region(name: str = "Asia", **fields: Any) -> Region:
    region, _ = Region.objects.get_or_create(
        name=name, defaults={"slug": name.lower().replace(" ", "-"), **fields}
    )
    return region


def make_country(
    iso_code: str | None = "TH", name: str = "Thailand", region: str = "Asia"
) -> Country:
    country, _ = Country.objects.get_or_create(
        name=name,
        defaults={
            "iso_code": iso_code,
            "slug": name.lower().replace(" ", "-"),
            "region": make_region(region),
        },
    )
    return country


def make_home_university(name: str = "Tohoku University") -> HomeUniversity:
    home, _ = HomeUniversity.objects.get_or_create(
        name=name,
        defaults={"short_name": "TU", "country": make_country("JP", "Japan")},
    )
    return home


def make_home_unit(code: str = "GS Engineering", **fields: Any) -> HomeUnit:
    fields.setdefault("kind", HomeUnit.Kind.GRADUATE_SCHOOL)
    unit, _ = HomeUnit.objects.get_or_create(
        home_university=make_home_university(), code=code, defaults=fields
    )
    return unit


def make_institution(
    name: str = "Chulalongkorn University", country: Country | None = None
) -> Institution:
    institution, _ = Institution.objects.get_or_create(
        name=name, country=country or make_country()
    )
    return institution


def make_agreement(**fields: Any) -> Agreement:
    fields.setdefault("home_university", make_home_university())
    fields.setdefault("institution", make_institution())
    fields.setdefault("level", Agreement.Level.UNIVERSITY)
    fields.setdefault("concluded_on", datetime.date(2011, 2, 3))
    if fields["level"] == Agreement.Level.DEPARTMENT:
        fields.setdefault("home_unit", make_home_unit())
    if fields.get("ended_on"):
        # Only an agreement that expired or was terminated has ended.
        fields.setdefault("status", Agreement.Status.EXPIRED)
    return Agreement.objects.create(**fields)


def make_edition(
    as_of: datetime.date = datetime.date(2021, 5, 1), **fields: Any
) -> Edition:
    fields.setdefault("home_university", make_home_university())
    return Edition.objects.create(as_of=as_of, **fields)


def make_user(username: str = "staff", *, staff: bool = False, **fields: Any) -> User:
    return User.objects.create_user(
        username=username,
        password="correct horse battery staple",
        is_staff=staff,
        **fields,
    )


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def make_pdf(name: str = "signed.pdf", content: bytes = PDF) -> Any:
    """An upload as a form receives it (a small PDF unless `content` says else)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_document(agreement: Agreement, **fields: Any) -> Any:
    from accord.registry import services

    fields.setdefault("kind", "signed_agreement")
    fields.setdefault("title", "Signed agreement")
    upload = fields.pop("file", None) or make_pdf()
    return services.add_document(agreement, upload, original_name=upload.name, **fields)
