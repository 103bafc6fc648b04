"""An agreement's contacts: validated by one rule, written by the services,
with history."""

import pytest
from django.db import IntegrityError

from accord.registry import services
from accord.registry.contacts import Contact, contact_problems
from tests.factory import make_agreement, make_user

pytestmark = pytest.mark.django_db


def problems(**values):
    base = {"side": "partner", "role": "coordinator", "name": "Marie Curie"}
    return [(p.field, p.message) for p in contact_problems(base | values)]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"email": "marie@"}, "email"),
        ({"email": "not an address"}, "email"),
        ({"name": "", "email": ""}, "name"),
        ({"name": "\u200b", "email": ""}, "name"),
        ({"side": "elsewhere"}, "side"),
        ({"role": "dean"}, "role"),
        ({"phone": "x" * 51}, "phone"),
        ({"name": "Marie\x00"}, "name"),
        ({"public": True}, "public"),
    ],
)
def test_it_refuses_a_contact_that_breaks_a_rule(values, field):
    assert field in [f for f, _ in problems(**values)]


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"name": "", "email": "exchange@uni-lyon.fr"},
        {"role": "student_contact", "public": True},
    ],
)
def test_it_accepts_a_name_or_an_email(values):
    assert problems(**values) == []


def test_it_adds_updates_and_removes_a_contact_with_history():
    agreement = make_agreement()
    editor = make_user("editor", staff=True)
    contact = services.add_contact(
        agreement,
        side="partner",
        role="coordinator",
        name="  Marie   Curie ",
        email="Marie@Uni-Lyon.FR",
        by=editor,
        reason="signed copy received",
    )
    assert (contact.name, contact.email) == ("Marie Curie", "Marie@uni-lyon.fr")
    services.update_contact(contact, version=1, phone="+33 4 00 00 00 00", by=editor)
    with pytest.raises(services.Conflict):
        services.update_contact(contact, version=1, phone="+33", by=editor)
    with pytest.raises(services.InvalidWrite) as refused:
        services.update_contact(contact, version=2, name="", email="", by=editor)
    assert refused.value.field == "name"
    services.remove_contact(contact, by=editor, reason="left the office")
    assert not Contact.objects.exists()
    history = Contact.history.filter(id=contact.pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert history.first().history_user == editor
    assert history.first().history_change_reason == "signed copy received"
    assert history.last().name == "Marie Curie"


def test_only_a_student_contact_may_be_public():
    agreement = make_agreement()
    with pytest.raises(services.InvalidWrite) as refused:
        services.add_contact(
            agreement, side="home", role="signatory", name="The President", public=True
        )
    assert refused.value.field == "public"
    assert not Contact.objects.exists()


def test_the_database_refuses_a_contact_with_neither_name_nor_email():
    with pytest.raises(IntegrityError):
        Contact.objects.create(
            agreement=make_agreement(), side="home", role="signatory"
        )


def test_it_refuses_a_field_a_contact_does_not_have():
    with pytest.raises(services.InvalidWrite, match="not a field"):
        services.add_contact(
            make_agreement(), side="home", role="signatory", name="x", salary=1
        )
