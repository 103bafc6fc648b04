"""Contacts: the people behind an agreement, on the home and the partner side,
each in a role (coordinator, signatory, student contact).

Contacts are personal data. Staff see every contact; students see a contact
only when it is a student contact marked public (its name, e-mail and office,
never its phone or notes), which `contact_problems` enforces: no other role may
be marked public. A contact needs a name or an e-mail (an office's shared
mailbox has no name).

>>> [p.field for p in contact_problems({"name": "", "email": "not-an-address"})]
['email']
>>> [p.field for p in contact_problems({"name": "", "email": ""})]
['name']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from simple_history.models import HistoricalRecords

from accord.core.names import clean_name, has_control, is_visible
from accord.registry.exceptions import InvalidWrite

NAME_MAX = 200
EMAIL_MAX = 254
PHONE_MAX = 50
UNIT_MAX = 200
NEEDS_NAME = "a contact needs a name or an e-mail address"
PUBLIC_STUDENTS_ONLY = (
    "only a student contact is shown to students; keep this one private"
)


class Side(models.TextChoices):
    HOME = "home", "Home university"
    PARTNER = "partner", "Partner"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"
    SIGNATORY = "signatory", "Signatory"
    STUDENT_CONTACT = "student_contact", "Student contact"


class Contact(models.Model):
    """One person (or office) to contact about an agreement."""

    agreement = models.ForeignKey(
        "registry.Agreement", on_delete=models.CASCADE, related_name="contacts"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    role = models.CharField(max_length=20, choices=Role.choices)
    name = models.CharField(max_length=NAME_MAX, blank=True)
    email = models.EmailField("e-mail", max_length=EMAIL_MAX, blank=True)
    phone = models.CharField(max_length=PHONE_MAX, blank=True)
    unit = models.CharField(
        "unit or office",
        max_length=UNIT_MAX,
        blank=True,
        help_text="e.g. 'Office of International Relations'.",
    )
    notes = models.TextField(blank=True)
    public = models.BooleanField(
        default=False,
        help_text="Shown to students on the partner's page (student contacts "
        "only: name, e-mail and office, never the phone or notes).",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "side", "role", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(side__in=Side.values), name="contact_side_known"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="contact_role_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(name="", email=""),
                name="contact_has_name_or_email",
                violation_error_message=NEEDS_NAME,
            ),
            models.CheckConstraint(
                condition=models.Q(public=False) | models.Q(role=Role.STUDENT_CONTACT),
                name="contact_public_only_for_students",
                violation_error_message=PUBLIC_STUDENTS_ONLY,
            ),
        ]

    def __str__(self) -> str:
        who = self.name or self.email
        return f"{who} ({self.get_side_display()}, {self.get_role_display()})"


CONTACT_FIELDS: tuple[str, ...] = (
    "side",
    "role",
    "name",
    "email",
    "phone",
    "unit",
    "notes",
    "public",
)
_LENGTHS = {"name": NAME_MAX, "email": EMAIL_MAX, "phone": PHONE_MAX, "unit": UNIT_MAX}


def clean_contact(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values as stored: names and offices cleaned as names are, the
    e-mail trimmed and its domain in lower case."""
    out = dict(values)
    for field in ("name", "unit", "phone"):
        if field in out:
            out[field] = clean_name(str(out[field] or ""))
    if "email" in out:
        email = str(out["email"] or "").strip()
        local, at, domain = email.rpartition("@")
        out["email"] = f"{local}@{domain.lower()}" if at else email
    if "notes" in out:
        out["notes"] = str(out["notes"] or "").strip()
    return out


def contact_problems(values: Mapping[str, Any]) -> Iterator[InvalidWrite]:
    """Every rule a contact's (cleaned) values break; a value left out counts
    as blank, so pass the whole contact."""
    if "side" in values and values["side"] not in Side.values:
        yield InvalidWrite("side", f"must be one of {', '.join(Side.values)}")
    if "role" in values and values["role"] not in Role.values:
        yield InvalidWrite("role", f"must be one of {', '.join(Role.values)}")
    for field, length in _LENGTHS.items():
        text = str(values.get(field) or "")
        if len(text) > length:
            yield InvalidWrite(field, f"is longer than {length} characters")
        elif has_control(text):
            yield InvalidWrite(field, "holds a control character")
    email = str(values.get("email") or "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            yield InvalidWrite("email", f"{email!r} is not an e-mail address")
    name = str(values.get("name") or "")
    if not email and not (name and is_visible(name)):
        yield InvalidWrite("name", NEEDS_NAME)
    if values.get("public") and values.get("role") != Role.STUDENT_CONTACT:
        yield InvalidWrite("public", PUBLIC_STUDENTS_ONLY)
