from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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
class HomeUnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "full_name", "kind", "home_university"]
    list_filter = ["kind", "home_university"]
    search_fields = ["code", "full_name"]


class InstitutionAliasInline(admin.TabularInline):
    model = InstitutionAlias
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country", "ror_id"]
    list_filter = ["country__region", "country"]
    search_fields = ["name", "aliases__name", "ror_id"]
    list_select_related = ["country"]
    inlines = [InstitutionAliasInline]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = [
        "institution",
        "level",
        "partner_department",
        "home_unit",
        "fee_waiver",
        "concluded_on",
        "ended_on",
    ]
    list_filter = [
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


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["home_university", "as_of", "source_name", "imported_at"]
    readonly_fields = ["source_sha256", "imported_at", "report"]
