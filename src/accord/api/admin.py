from django.contrib import admin

from accord.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `accord apitoken create` (the value is shown once);
    here they can be seen and revoked."""

    list_display = (
        "prefix",
        "user",
        "name",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at")
    fields = (*readonly_fields, "revoked_at")

    def has_add_permission(self, request: object) -> bool:
        return False
