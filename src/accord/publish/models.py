"""The publishing permission.

Publishing has no table of its own; this model exists to carry the permission
that lets a role issue the official list (the admin role holds it, see
`backoffice.roles`). Previews and reports stay open to every staff role.
"""

from __future__ import annotations

from django.db import models


class Publication(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("publish_list", "Can issue the official list (PDF, HTML)")]

    def __str__(self) -> str:
        return "publication"
