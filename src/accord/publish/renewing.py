"""Staff marking an agreement from the renewal watch: renewed (a dated renewal,
until a day or for one more term), renewing automatically (with its term), or
expired. Every write goes through `registry.services`; a refusal is shown on
the form."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from accord.registry import services
from accord.registry.lifecycle import Status
from accord.registry.services import User

ACTIONS = (
    ("renew", "Renewed"),
    ("automatic", "Renews automatically"),
    ("expire", "Expired"),
)


class MarkForm(forms.Form):
    """What staff record about one agreement of the watch."""

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    renewed_on = forms.DateField(
        required=False, help_text="When it was renewed (YYYY-MM-DD). Default: today."
    )
    valid_until = forms.DateField(
        required=False,
        help_text="The new last day of validity. Blank: one more term when the "
        "term is known, else unknown.",
    )
    term = forms.IntegerField(
        required=False, min_value=1, max_value=1200, help_text="For automatic renewal."
    )
    term_unit = forms.ChoiceField(
        choices=(("years", "years"), ("months", "months")), initial="years"
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "automatic" and not cleaned.get("term"):
            self.add_error("term", "An automatic renewal needs its term.")
        return cleaned

    def term_months(self) -> int:
        term = int(self.cleaned_data["term"])
        return term * 12 if self.cleaned_data["term_unit"] == "years" else term


def mark(agreement_id: int, form: MarkForm, by: User) -> str:
    """Apply a valid form; what was recorded, in words. Raises the services'
    WriteRefused when the registry refuses."""
    data = form.cleaned_data
    action, version = data["action"], data["version"]
    if action == "renew":
        renewal = services.renew_agreement(
            agreement_id,
            renewed_on=data["renewed_on"],
            valid_until=data["valid_until"],
            note=data["note"] or "",
            version=version,
            by=by,
        )
        return f"Recorded: {renewal}."
    if action == "automatic":
        services.update_agreement(
            agreement_id,
            version=version,
            renews_automatically=True,
            term_months=form.term_months(),
            by=by,
            reason="marked renewing automatically",
        )
        return "Recorded: it renews automatically."
    ended = services.change_status(
        agreement_id, Status.EXPIRED, version=version, by=by, reason="marked expired"
    )
    day: datetime.date | None = ended.ended_on
    return f"Recorded: it expired on {day.isoformat() if day else 'unknown'}."
