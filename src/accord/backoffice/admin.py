from typing import Any

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

# The user and group pages (registered on import).
from accord.backoffice import accounts  # noqa: F401
from accord.backoffice.forms import (
    AgreementDocumentForm,
    AgreementForm,
    AliasForm,
    ContactForm,
    CooperationTermForm,
    HomeUnitForm,
    InstitutionForm,
)
from accord.registry import scopes, services
from accord.registry.contacts import CONTACT_FIELDS, Contact
from accord.registry.cooperation import TERM_FIELDS, CooperationTerm
from accord.registry.documents import DOCUMENT_FIELDS, AgreementDocument
from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    HomeUniversity,
    Institution,
    InstitutionAlias,
    Region,
)

# How a record of these models leads to its home university: the choices a
# form offers and the rows a list shows stop at the universities the account
# works for (`registry.scopes`).
UNIVERSITY_PATHS: dict[type[Model], str] = {
    HomeUniversity: "pk",
    HomeUnit: "home_university",
    Edition: "home_university",
    Agreement: "home_university",
}


def university_of(obj: Any, path: str) -> int | None:
    """The id of the university `path` leads to from `obj` (None when a record
    on the way is gone)."""
    if path == "pk":
        return obj.pk
    *hops, last = path.split("__")
    try:
        for hop in hops:
            obj = getattr(obj, hop)
    except ObjectDoesNotExist:
        return None
    return getattr(obj, f"{last}_id", None)


class ScopedAdmin(admin.ModelAdmin):
    """Rows and choices of the universities the account works for.
    `university_path` leads from a row to its university (None: a record the
    universities share)."""

    university_path: str | None = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        if self.university_path is None:
            return rows
        return scopes.within(rows, request.user, self.university_path)

    # With an object: also the pages reaching a record outside the list, such
    # as simple-history's history of a deleted record.
    def in_scope(self, request: HttpRequest, obj: Any) -> bool:
        if obj is None or self.university_path is None:
            return True
        return scopes.acts_for(request.user, university_of(obj, self.university_path))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.in_scope(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.in_scope(request, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.in_scope(request, obj) and super().has_delete_permission(
            request, obj
        )

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        path = UNIVERSITY_PATHS.get(db_field.related_model)
        if path is not None and "queryset" not in kwargs:
            choices = db_field.related_model._default_manager.all()
            kwargs["queryset"] = scopes.within(choices, request.user, path)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class HistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """simple-history's History pages, with no inline style (the CSP refuses
    one in its paginator)."""

    object_history_template = "backoffice/history/object_history.html"
    object_history_list_template = "backoffice/history/object_history_list.html"


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(HomeUniversity)
class HomeUniversityAdmin(ScopedAdmin):
    """Network administrators add universities and say who works for each;
    a university's admins keep its names and identifiers."""

    university_path = "pk"
    list_display = ["name", "slug", "short_name", "country", "schac_code"]
    filter_horizontal = ["staff"]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        if scopes.is_network_admin(request.user):
            return super().get_exclude(request, obj)
        return ["staff"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return scopes.is_network_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scopes.is_network_admin(request.user)


@admin.register(HomeUnit)
class HomeUnitAdmin(HistoryAdmin):
    university_path = "home_university"
    form = HomeUnitForm
    list_display = ["code", "full_name", "kind", "home_university"]
    list_filter = ["kind", "home_university"]
    search_fields = ["code", "full_name"]


class InstitutionAliasInline(admin.TabularInline):
    model = InstitutionAlias
    form = AliasForm
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(HistoryAdmin):
    form = InstitutionForm
    list_display = ["name", "country", "city", "ror_id", "erasmus_code"]
    list_filter = ["country__region", "country"]
    search_fields = [
        "name",
        "aliases__name",
        "city",
        "ror_id",
        "erasmus_code",
        "schac_code",
    ]
    list_select_related = ["country"]
    inlines = [InstitutionAliasInline]

    # A partner another university's agreements name is the network's to
    # change (`scopes.check_partner`); the services refuse it too.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and scopes.shared_elsewhere(request.user, [obj]):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and scopes.shared_elsewhere(request.user, [obj]):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: Institution, form: ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        fields = {k: data[k] for k in services.INSTITUTION_FIELDS if k in data}
        if change:
            saved = services.update_institution(
                obj.pk, version=data["version_read"], by=request.user, **fields
            )
        else:
            saved = services.create_institution(by=request.user, **fields)
        obj.pk, obj.version = saved.pk, saved.version


# -- contacts and documents: inlines of the agreement, and pages of their own
# (with History); every write through registry.services.

DOCUMENT_FACTS = [
    "download",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "uploaded_by",
    "uploaded_at",
]


def save_contact(request: HttpRequest, contact: Contact, data: dict[str, Any]) -> None:
    fields = {k: data[k] for k in CONTACT_FIELDS if k in data}
    if contact.pk:
        saved = services.update_contact(
            contact.pk, version=data["version_read"], by=request.user, **fields
        )
    else:
        saved = services.add_contact(contact.agreement_id, by=request.user, **fields)
    contact.pk, contact.version = saved.pk, saved.version


def save_document(
    request: HttpRequest, document: AgreementDocument, data: dict[str, Any]
) -> None:
    fields = {k: data[k] for k in DOCUMENT_FIELDS if k in data}
    if document.pk:
        saved = services.update_document(
            document.pk, version=data["version_read"], by=request.user, **fields
        )
    else:
        upload = data["file"]
        saved = services.add_document(
            document.agreement_id,
            upload,
            original_name=upload.name,
            by=request.user,
            **fields,
        )
    document.pk, document.version = saved.pk, saved.version


@admin.display(description="File")
def download_link(document: AgreementDocument) -> str:
    if not document.pk:
        return "—"
    url = reverse("portal:document", args=[document.pk])
    return format_html('<a href="{}">Download {}</a>', url, document.download_name)


class ContactInline(admin.TabularInline):
    model = Contact
    form = ContactForm
    extra = 0
    fields = ["side", "role", "name", "email", "phone", "unit", "notes", "public"]


class DocumentInline(admin.StackedInline):
    """The agreement's stored documents: their metadata, the file read-only."""

    model = AgreementDocument
    form = AgreementDocumentForm
    extra = 0
    fields = [*DOCUMENT_FIELDS, *DOCUMENT_FACTS]
    readonly_fields = DOCUMENT_FACTS

    @admin.display(description="File")
    def download(self, obj: AgreementDocument) -> str:
        return download_link(obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # UploadInline adds them


class UploadInline(admin.StackedInline):
    """A new document of the agreement: one upload slot (no script needed)."""

    model = AgreementDocument
    form = AgreementDocumentForm
    extra = 1
    fields = ["file", *DOCUMENT_FIELDS]
    verbose_name = "new document"
    verbose_name_plural = "upload a document"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).none()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)


@admin.register(Contact)
class ContactAdmin(HistoryAdmin):
    university_path = "agreement__home_university"
    form = ContactForm
    list_display = ["__str__", "agreement", "email", "unit", "public"]
    list_filter = ["side", "role", "public"]
    search_fields = ["name", "email", "unit", "agreement__institution__name"]
    autocomplete_fields = ["agreement"]
    list_select_related = ["agreement__institution", "agreement__home_unit"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "agreement"] if obj else fields

    def save_model(
        self, request: HttpRequest, obj: Contact, form: ModelForm, change: bool
    ) -> None:
        save_contact(request, obj, form.cleaned_data)

    def delete_model(self, request: HttpRequest, obj: Contact) -> None:
        services.remove_contact(obj.pk, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for pk in queryset.values_list("pk", flat=True):
            services.remove_contact(pk, by=request.user)


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(HistoryAdmin):
    university_path = "agreement__home_university"
    form = AgreementDocumentForm
    list_display = ["title", "kind", "agreement", "signed_on", "public", "size"]
    list_filter = ["kind", "public", "content_type"]
    search_fields = ["title", "original_name", "agreement__institution__name"]
    autocomplete_fields = ["agreement"]
    list_select_related = ["agreement__institution", "agreement__home_unit"]

    @admin.display(description="File")
    def download(self, obj: AgreementDocument) -> str:
        return download_link(obj)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["agreement", "file", *DOCUMENT_FIELDS]
        return ["agreement", *DOCUMENT_FIELDS, *DOCUMENT_FACTS]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "agreement", *DOCUMENT_FACTS] if obj else fields

    def save_model(
        self,
        request: HttpRequest,
        obj: AgreementDocument,
        form: ModelForm,
        change: bool,
    ) -> None:
        save_document(request, obj, form.cleaned_data)

    def delete_model(self, request: HttpRequest, obj: AgreementDocument) -> None:
        services.remove_document(obj.pk, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for pk in queryset.values_list("pk", flat=True):
            services.remove_document(pk, by=request.user)


@admin.register(Agreement)
class AgreementAdmin(HistoryAdmin):
    university_path = "home_university"
    form = AgreementForm
    list_display = [
        "institution",
        "level",
        "partner_department",
        "home_unit",
        "fee_waiver",
        "concluded_on",
        "status",
        "ended_on",
    ]
    list_filter = [
        "status",
        "renews_automatically",
        "level",
        "fee_waiver",
        "home_unit",
        "institution__country__region",
        "institution__country",
        "edition",
    ]
    search_fields = [
        "institution__name",
        "institution__aliases__name",
        "partner_department",
    ]
    list_select_related = ["institution", "home_unit"]
    autocomplete_fields = ["institution", "co_partners"]
    date_hierarchy = "concluded_on"
    # The stored documents come before the upload slot, so their formset's
    # prefix is "documents" and the upload's "documents-2".
    inlines = [ContactInline, DocumentInline, UploadInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        # The printed name is the edition's word, set by imports only.
        return (
            [
                *fields,
                "home_university",
                "printed_name",
                "renewals_recorded",
                "cooperation_terms",
            ]
            if obj
            else fields
        )

    @admin.display(description="Renewals")
    def renewals_recorded(self, obj: Agreement) -> str:
        """Recorded by `services.renew_agreement` (the renewal watch, the API);
        read here, never edited."""
        return "; ".join(str(r) for r in obj.renewals.all()) or "none recorded"

    @admin.display(description="Cooperation terms")
    def cooperation_terms(self, obj: Agreement) -> str:
        """Edited on their own pages (Cooperation terms), with history."""
        return "; ".join(str(t) for t in obj.terms.all()) or "none recorded"

    # Writes go through registry.services, like the API's; the form has already
    # validated (under a row lock), so these calls do not refuse.
    def save_model(
        self, request: HttpRequest, obj: Agreement, form: ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        fields = {k: data[k] for k in services.AGREEMENT_FIELDS if k in data}
        if change:
            saved = services.update_agreement(
                obj.pk, version=data["version_read"], by=request.user, **fields
            )
        else:
            saved = services.create_agreement(
                home_university=data["home_university"], by=request.user, **fields
            )
        obj.pk, obj.version = saved.pk, saved.version

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        # co_partners were saved by the service, with their audit entry.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm,
        formset: BaseInlineFormSet,
        change: bool,
    ) -> None:
        """Contacts and documents through the services (validated, audited;
        a document's file removed once the deletion commits)."""
        model = formset.model
        if model not in (Contact, AgreementDocument):
            super().save_formset(request, form, formset, change)
            return
        deleted = formset.deleted_forms if formset.can_delete else []
        # What the admin's change message lists, as formset.save() would set.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            [],
            [],
            [],
        )
        for inline in formset.forms:
            instance = inline.instance
            if inline in deleted:
                if instance.pk:
                    remove = (
                        services.remove_contact
                        if model is Contact
                        else services.remove_document
                    )
                    remove(instance.pk, by=request.user)
                    formset.deleted_objects.append(instance)
                continue
            if not inline.has_changed():
                continue
            new = not instance.pk
            instance.agreement_id = form.instance.pk
            if model is Contact:
                save_contact(request, instance, inline.cleaned_data)
            else:
                save_document(request, instance, inline.cleaned_data)
            if new:
                formset.new_objects.append(instance)
            else:
                formset.changed_objects.append((instance, inline.changed_data))


@admin.register(CooperationTerm)
class CooperationTermAdmin(HistoryAdmin):
    university_path = "agreement__home_university"
    form = CooperationTermForm
    list_display = ["agreement", "mobility_type", "direction", "places_per_year"]
    list_filter = ["mobility_type", "direction"]
    search_fields = ["agreement__institution__name", "agreement__partner_department"]
    autocomplete_fields = ["agreement"]
    list_select_related = ["agreement__institution", "agreement__home_unit"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A term belongs to its agreement for good: add another instead.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "agreement"] if obj else fields

    def save_model(
        self, request: HttpRequest, obj: CooperationTerm, form: ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        fields = {k: data[k] for k in TERM_FIELDS if k in data}
        if change:
            saved = services.update_term(
                obj.pk, version=data["version_read"], by=request.user, **fields
            )
        else:
            saved = services.add_term(data["agreement"], by=request.user, **fields)
        obj.pk, obj.version = saved.pk, saved.version


@admin.register(Edition)
class EditionAdmin(ScopedAdmin):
    university_path = "home_university"
    list_display = ["home_university", "as_of", "source_name", "imported_at"]
    readonly_fields = ["source_sha256", "imported_at", "report"]
