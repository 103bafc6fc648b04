"""Staff roles as Django groups: viewer, editor, admin.

A role is a rule over permissions rather than a fixed list, so models added later
(by any app) join the right roles when `migrate` runs: the data migration creates
the groups and `post_migrate` keeps them in step (only ever adding permissions).
"""

from __future__ import annotations

from typing import Any

VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"
ROLES: tuple[str, ...] = (VIEWER, EDITOR, ADMIN)

# The registry and what the back office keeps about it (history, merges).
REGISTRY_APPS = frozenset({"registry", "backoffice"})
# What an editor creates and corrects; deleting stays with admins (ending an
# agreement is the editor's way to retire it, and keeps its history readable).
EDITED_MODELS = frozenset(
    {
        "agreement",
        "institution",
        "institutionalias",
        "homeunit",
        "edition",
        "institutionmerge",
        "cooperationterm",
        "contact",
        "agreementdocument",
    }
)
# An editor also removes a contact who left, or a document uploaded in error:
# their history keeps what they were (a document's metadata, not its file).
EDITOR_DELETES = frozenset({"contact", "agreementdocument"})
ADMIN_APPS = REGISTRY_APPS | {"auth", "axes", "publish", "api", "portal"}


def role_has(role: str, app_label: str, codename: str) -> bool:
    """Whether `role` holds the permission `app_label.codename`."""
    action, _, model = codename.partition("_")
    # The audit trail is written by Accord alone: no role may edit or delete it
    # (nor the permissions themselves, which migrations own).
    if action != "view" and (model.startswith("historical") or model == "permission"):
        return False
    if action == "delete" and model == "institutionmerge":
        return False
    if role == ADMIN:
        return app_label in ADMIN_APPS
    if app_label not in REGISTRY_APPS:
        return False
    if action == "view":
        return True
    if role != EDITOR:
        return False
    if action == "delete":
        return model in EDITOR_DELETES
    return action in {"add", "change"} and model in EDITED_MODELS


def sync_roles(group_model: Any, permission_model: Any) -> None:
    """Create the role groups and give each the permissions its rule allows."""
    permissions = list(
        permission_model.objects.select_related("content_type").filter(
            content_type__app_label__in=ADMIN_APPS
        )
    )
    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.add(
            *[
                p
                for p in permissions
                if role_has(role, p.content_type.app_label, p.codename)
            ]
        )


def sync_roles_after_migrate(app_config: Any, **kwargs: Any) -> None:
    """After `migrate`, once every app's permissions exist.

    Django sends post_migrate once per app that has models, in INSTALLED_APPS
    order, and creates each app's permissions on its own signal: the last of
    them is the moment every permission exists.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if app_config is not with_models[-1]:
        return

    sync_roles(Group, Permission)
