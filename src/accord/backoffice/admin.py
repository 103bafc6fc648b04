from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

# The user and group pages (registered on import).
from accord.backoffice import accounts  # noqa: F401
from accord.backoffice.forms import (
    AgreementForm,
    AliasForm,
    CooperationTermForm,
    HomeUnitForm,
    InstitutionForm,
)
from accord.registry import services
from accord.registry.cooperation import TERM_FIELDS, CooperationTerm
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


class HistoryAdmin(SimpleHistoryAdmin):
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
class HomeUniversityAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "country"]


@admin.register(HomeUnit)
class HomeUnitAdmin(HistoryAdmin):
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


@admin.register(Agreement)
class AgreementAdmin(HistoryAdmin):
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


@admin.register(CooperationTerm)
class CooperationTermAdmin(HistoryAdmin):
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
class EditionAdmin(admin.ModelAdmin):
    list_display = ["home_university", "as_of", "source_name", "imported_at"]
    readonly_fields = ["source_sha256", "imported_at", "report"]
