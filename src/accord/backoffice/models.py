"""The back office's own records: merges (so they can be undone) and the audit
trail of institution aliases, kept here so the registry's tables stay as they are.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history import register

from accord.registry.models import Institution, InstitutionAlias

# Aliases are part of what a merge changes; their history makes that visible.
register(InstitutionAlias, app="accord.backoffice")


class InstitutionMerge(models.Model):
    """One merge of a duplicate institution into the one kept, and how to undo it.

    `snapshot` holds everything the merge removed or moved: the merged-away
    institution's fields and aliases, the agreements that named it, the co-partner
    links it had, and the alias and ROR id the merge gave the kept institution.
    """

    # Null once the kept institution is itself merged away or deleted; the merge
    # can then no longer be undone.
    kept = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        related_name="merges_kept",
    )
    kept_name = models.CharField(max_length=300)
    merged_away_id = models.BigIntegerField()
    merged_away_name = models.CharField(max_length=300)
    snapshot = models.JSONField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.merged_away_name} merged into {self.kept_name}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
