"""One import's change set: every history row it writes carries the same
reason (naming the edition) and the same time, so the audit trail shows the
import as one change set that can be read and reverted as a whole."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

BATCH = 500


class ChangeSet:
    def __init__(self) -> None:
        self.reason = ""
        self.now: datetime.datetime = timezone.now()

    def stamp(self, instance: Any) -> None:
        """The next save of `instance` belongs to this change set."""
        instance._change_reason = self.reason
        instance._history_date = self.now

    def create(self, model: Any, instances: list[Any]) -> None:
        """Insert `instances` with their history rows."""
        if instances:
            bulk_create_with_history(
                instances,
                model,
                batch_size=BATCH,
                default_change_reason=self.reason,
                default_date=self.now,
            )

    def update(self, model: Any, instances: list[Any], fields: Sequence[str]) -> None:
        """Update `fields` of `instances` with their history rows."""
        if instances:
            bulk_update_with_history(
                instances,
                model,
                list(fields),
                batch_size=BATCH,
                default_change_reason=self.reason,
                default_date=self.now,
            )
