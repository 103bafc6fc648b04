"""The admin's user and group pages: nobody grants more than they hold.

Django's own user page lets anyone who may change users tick *Superuser status*,
give any permission or open any account's password form, which made the admin
role a superuser in one click. Here a superuser keeps the full page; anyone
else gets a restricted one: name, e-mail, active, staff, and the roles (groups)
up to their own (an admin grants viewer, editor or admin). Accounts that
outrank them (superusers; a higher role) they may see but not change, delete,
or set a password for. What each role may do is the migrations' to say: only a
superuser edits groups.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, User
from django.db.models import ManyToManyField
from django.forms import CheckboxSelectMultiple, ModelMultipleChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.backoffice.roles import ROLES
from accord.registry import scopes
from accord.registry.models import HomeUniversity

RESTRICTED_FIELDSETS = (
    (None, {"fields": ("username", "password")}),
    (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
    (_("Role"), {"fields": ("is_active", "is_staff", "groups", "universities")}),
    (_("Important dates"), {"fields": ("last_login", "date_joined")}),
)


class AccountForm(UserChangeForm):
    """The user page, with the home universities the account works for
    (`registry.scopes`); the admin offers those the signed-in user works for."""

    universities = ModelMultipleChoiceField(
        queryset=HomeUniversity.objects.all(),
        required=False,
        widget=CheckboxSelectMultiple,
        label=_("Works for"),
        help_text=_(
            "The home universities whose agreements the account's role acts on. "
            "None: in an instance of one university, that one; otherwise none."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and "universities" in self.fields:
            self.fields["universities"].initial = list(
                self.instance.home_universities.all()
            )


def rank(user: AbstractBaseUser | AnonymousUser) -> int:
    """How much an account may do: 0 none, 1 to 3 its highest role (viewer,
    editor, admin), 4 a superuser."""
    if getattr(user, "is_superuser", False):
        return len(ROLES) + 1
    if not user.is_authenticated:
        return 0
    groups = getattr(user, "groups", None)
    held = set(groups.values_list("name", flat=True)) if groups is not None else set()
    return max((i + 1 for i, role in enumerate(ROLES) if role in held), default=0)


def grantable_roles(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """The roles `user` may give: those up to its own."""
    return list(ROLES[: rank(user)])


def outranks(account: User, user: AbstractBaseUser | AnonymousUser) -> bool:
    return rank(account) > rank(user)


class AccountAdmin(UserAdmin):
    """A university's admin manages the accounts that work for its
    universities only (and those that work for none yet)."""

    form = AccountForm

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            fieldsets = list(super().get_fieldsets(request, obj))
            return [*fieldsets, (_("Home universities"), {"fields": ("universities",)})]
        return RESTRICTED_FIELDSETS

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if "universities" in form.base_fields:
            field = form.base_fields["universities"]
            field.queryset = scopes.universities(request.user)  # type: ignore[attr-defined]
        return form

    def get_queryset(self, request: HttpRequest) -> Any:
        return scopes.managed_accounts(super().get_queryset(request), request.user)

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        account = form.instance
        if "universities" in form.cleaned_data:
            # Only those the signed-in user works for change hands.
            mine = set(scopes.universities(request.user))
            chosen = set(form.cleaned_data["universities"]) & mine
            account.home_universities.remove(*(mine - chosen))
            account.home_universities.add(*chosen)
        elif not change:
            # A new account works where the one who made it works, if that
            # is one university (else the admin says where on its page).
            maker = scopes.only_university(request.user)
            if maker is not None:
                account.home_universities.add(maker)

    def formfield_for_manytomany(
        self,
        db_field: ManyToManyField[Any, Any],
        request: HttpRequest,
        **kwargs: Any,
    ) -> ModelMultipleChoiceField | None:
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(
                name__in=grantable_roles(request.user)
            )
            kwargs["help_text"] = _("The account's role.")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and outranks(obj, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and outranks(obj, request.user):
            return False
        return super().has_delete_permission(request, obj)


class RoleAdmin(GroupAdmin):
    """Roles are kept by the migrations (`backoffice.roles`); an admin may
    read them. A changed role would change what every holder may do."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
