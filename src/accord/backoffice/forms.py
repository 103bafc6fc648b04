"""Admin forms that validate like `registry.services` and refuse stale edits.

Each form carries the version it was opened at (a hidden field). On save, the row
is locked (the admin runs the whole request in a transaction) and the version
compared, so a second editor saving a stale form gets an error instead of
overwriting the first one's change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model

from accord.core.names import clean_name
from accord.importer.sources import max_bytes
from accord.registry import scopes, services, validation
from accord.registry.audit import describe
from accord.registry.contacts import (
    CONTACT_FIELDS,
    Contact,
    clean_contact,
    contact_problems,
)
from accord.registry.cooperation import TERM_FIELDS, CooperationTerm, term_problems
from accord.registry.documents import (
    CHUNK,
    DOCUMENT_FIELDS,
    AgreementDocument,
    read_ends,
    upload_problems,
)
from accord.registry.models import (
    Agreement,
    HomeUnit,
    HomeUniversity,
    Institution,
    InstitutionAlias,
)

CONFLICT_ERROR = (
    "This record was changed by someone else since you opened it, so your "
    "changes were not saved. Open it again to see the current version."
)


def changes_since(current: Model, version: int | None) -> list[str]:
    """What others changed after `version`, one line per change, so the editor
    can see what their stale form would have overwritten."""
    model = current._meta.model_name or ""
    history = current.history.filter(id=current.pk)  # type: ignore[attr-defined]
    if version is not None:
        history = history.filter(version__gt=version)
    lines = []
    for record in history.select_related("history_user").order_by("history_date"):
        change = describe(model, record)
        fields = "; ".join(
            f"{f.field}: {f.before or '(blank)'} -> {f.after or '(blank)'}"
            for f in change.fields
        )
        when = change.when.strftime("%Y-%m-%d %H:%M")
        lines.append(f"Changed by {change.who} at {when}: {fields or change.kind}")
    return lines


def cleaned(
    form: forms.BaseForm, field: str, length: int, *, required: bool = False
) -> str:
    """A name field as stored, through the services' rule for names."""
    try:
        return validation.clean_text(
            field, form.cleaned_data[field], length, required=required
        )
    except services.InvalidWrite as exc:
        raise forms.ValidationError(exc.message) from None


class VersionedForm(forms.ModelForm):
    """A ModelForm with optimistic locking and the services' validation."""

    version_read = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version_read"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # ModelForm.clean returns cleaned_data; the stubs allow None for overrides.
        assert cleaned is not None
        if self.instance.pk:
            # Only the registry's versioned models have forms deriving from this.
            model: type[
                Agreement | Institution | CooperationTerm | Contact | AgreementDocument
            ] = type(self.instance)
            # Unordered and only its own row: a term's default order joins
            # its agreement's unit, which PostgreSQL cannot lock.
            current = (
                model._default_manager.select_for_update(of=("self",))
                .order_by()
                .get(pk=self.instance.pk)
            )
            read = cleaned.get("version_read")
            if read != current.version:
                raise forms.ValidationError(
                    [CONFLICT_ERROR, *changes_since(current, read)], code="conflict"
                )
        return cleaned

    def _post_clean(self) -> None:
        # A private Django hook that the stubs leave out.
        super()._post_clean()  # type: ignore[misc]
        if self.errors:
            return
        try:
            self.check_with_services()
        except services.InvalidWrite as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)

    def check_with_services(self) -> None:
        raise NotImplementedError


class AgreementForm(VersionedForm):
    class Meta:
        model = Agreement
        fields = ["home_university", *services.AGREEMENT_FIELDS]

    def clean_partner_department(self) -> str:
        return cleaned(self, "partner_department", validation.DEPARTMENT_MAX)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "status" in data:
            self.settle_lifecycle(data)
        return data

    def settle_lifecycle(self, data: dict[str, Any]) -> None:
        """The services' lifecycle rule on the form's values, before the
        database's checks see them: a refused move, or a status out of step
        with its dates, is an error on its field."""
        before = (
            Agreement.objects.filter(pk=self.instance.pk)
            .values_list("status", flat=True)
            .first()
        )
        lifecycle = ("status", "ended_on", "termination_reason", "concluded_on")
        probe = Agreement(**{k: data.get(k) for k in lifecycle if k in data})
        probe.termination_reason = probe.termination_reason or ""
        try:
            services.settle_status(probe, before, data)
        except services.InvalidWrite as exc:
            self.add_error("status", exc.message)
            return
        data.update(
            status=probe.status,
            ended_on=probe.ended_on,
            termination_reason=probe.termination_reason,
        )
        for problem in validation.lifecycle_problems(probe):
            if problem.field in self.fields and problem.field not in self.errors:
                self.add_error(problem.field, problem.message)

    def check_with_services(self) -> None:
        partners = self.cleaned_data.get("co_partners") or []
        validation.check_agreement(self.instance, partners)


def identifier(form: forms.BaseForm, field: str) -> str | None:
    """An identifier in the form the registry stores, through the services' rule."""
    try:
        return validation.clean_identifier(field, form.cleaned_data[field])
    except services.InvalidWrite as exc:
        raise forms.ValidationError(exc.message) from None


class InstitutionForm(VersionedForm):
    # Longer than the stored id: a ROR id may be pasted as its URL.
    ror_id = forms.CharField(
        label="ROR id",
        max_length=100,
        required=False,
        help_text=Institution._meta.get_field("ror_id").help_text,
    )
    website = forms.URLField(max_length=300, required=False, assume_scheme="https")

    class Meta:
        model = Institution
        fields = list(services.INSTITUTION_FIELDS)

    def clean_name(self) -> str:
        return cleaned(self, "name", validation.NAME_MAX, required=True)

    def clean_ror_id(self) -> str | None:
        return identifier(self, "ror_id")

    def clean_erasmus_code(self) -> str | None:
        return identifier(self, "erasmus_code")

    def clean_schac_code(self) -> str | None:
        return identifier(self, "schac_code")

    def clean_city(self) -> str:
        return cleaned(self, "city", validation.CITY_MAX)

    def check_with_services(self) -> None:
        validation.check_institution(self.instance)


class AliasForm(forms.ModelForm):
    """An alias inline: its name cleaned and checked as the services do."""

    class Meta:
        model = InstitutionAlias
        fields = ["name"]

    def clean_name(self) -> str:
        return cleaned(self, "name", validation.NAME_MAX, required=True)


class HomeUnitForm(forms.ModelForm):
    variants = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Other spellings the university's list prints for this unit, "
        "one a line: an import reads them as this unit.",
    )

    class Meta:
        model = HomeUnit
        fields = ["home_university", "code", "full_name", "name_ja", "kind", "variants"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["variants"] = "\n".join(self.instance.variants or ())

    def clean_code(self) -> str:
        return cleaned(self, "code", validation.UNIT_CODE_MAX, required=True)

    def clean_variants(self) -> list[str]:
        lines = self.cleaned_data.get("variants", "").splitlines()
        spellings = list(dict.fromkeys(filter(None, map(clean_name, lines))))
        too_long = [v for v in spellings if len(v) > validation.UNIT_CODE_MAX]
        if too_long:
            raise forms.ValidationError(
                f"{too_long[0]!r} is longer than {validation.UNIT_CODE_MAX} characters."
            )
        return spellings


class CooperationTermForm(VersionedForm):
    """A cooperation term, checked by the services' rule (`term_problems`)."""

    class Meta:
        model = CooperationTerm
        fields = ["agreement", *TERM_FIELDS]

    def check_with_services(self) -> None:
        values = {
            k: self.cleaned_data[k] for k in TERM_FIELDS if k in self.cleaned_data
        }
        validation.raise_first(term_problems(values))


class ContactForm(VersionedForm):
    """A contact (an inline of the agreement, or its own page), checked by the
    services' rule (`contact_problems`) on its cleaned values."""

    class Meta:
        model = Contact
        fields = ["agreement", *CONTACT_FIELDS]

    def check_with_services(self) -> None:
        values = clean_contact({k: self.cleaned_data.get(k) for k in CONTACT_FIELDS})
        validation.raise_first(contact_problems(values))
        self.cleaned_data.update(values)


class AgreementDocumentForm(VersionedForm):
    """A document: on upload its file is checked by content and size (the
    services' rule) as a form error; afterwards only its metadata changes."""

    file = forms.FileField(
        required=False,
        help_text="A PDF, or a scan as PNG or JPEG. Checked by its content, not "
        "its name.",
    )

    class Meta:
        model = AgreementDocument
        fields = ["agreement", *DOCUMENT_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The file of a stored document never changes: upload another.
            del self.fields["file"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            raise forms.ValidationError("Choose the file to upload.")
        size, head, tail = read_ends(upload.chunks(CHUNK))
        for problem in upload_problems(size, head, tail):
            raise forms.ValidationError(problem.message)
        return upload

    def check_with_services(self) -> None:
        title = self.cleaned_data.get("title", "")
        self.cleaned_data["title"] = validation.clean_text(
            "title", title, AgreementDocument._meta.get_field("title").max_length or 0
        )
        validation.raise_first(
            validation.date_problems("signed_on", self.cleaned_data.get("signed_on"))
        )


class ImportForm(forms.Form):
    """A list to import: whose it is, the file, and what the list may not say."""

    home_university = forms.ModelChoiceField(
        queryset=HomeUniversity.objects.none(),
        help_text="The university that published the list.",
    )
    file = forms.FileField(
        help_text="The list as published: PDF, text, XLSX workbook or DOCX document.",
    )
    edition_date = forms.DateField(
        required=False,
        label="As of",
        help_text="The date the list is as of (YYYY-MM-DD), when it does not state "
        "one; it replaces the date the list states.",
    )
    date_order = forms.ChoiceField(
        required=False,
        choices=[
            ("", "As the list shows it"),
            ("day-first", "Day first (31.01.2010)"),
            ("month-first", "Month first (01/31/2010)"),
        ],
        label="Dates with the year last",
        help_text="Only for a list that prints its dates with the year last and "
        "never shows which number is the day.",
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["home_university"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = scopes.universities(user).order_by("name")
        only = scopes.only_university(user)
        if only is not None:
            field.initial = only.pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                f"The file is {upload.size:,} bytes; lists are read up to "
                f"{max_bytes():,} bytes (ACCORD_IMPORT_MAX_BYTES)."
            )
        return upload
