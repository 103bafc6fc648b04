"""One import's change set: every history row it writes carries the same
reason (naming the edition) and the same time, so the audit trail shows the
import as one change set that can be read and reverted as a whole.

The many rows of an import (institutions, agreements) are written as plain rows
in bulk (`registry.bulk`), their history rows copied from what was stored; the
few others (aliases, units, co-partners) through the ORM, stamped."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accord.registry.bulk import Stamp, Table, record_history

BATCH = 500


class ChangeSet:
    def __init__(self, by: Any = None) -> None:
        self.reason = ""
        self.now: datetime.datetime = timezone.now()
        # The staff account importing (the back office), or None (a command).
        self.user = by if getattr(by, "is_authenticated", False) else None

    def stamp(self, instance: Any) -> None:
        """The next save of `instance` belongs to this change set."""
        instance._change_reason = self.reason
        instance._history_date = self.now
        if self.user is not None:
            instance._history_user = self.user

    @property
    def _stamp(self) -> Stamp:
        return Stamp(self.reason, self.now, getattr(self.user, "pk", None))

    def create(self, model: Any, instances: list[Any]) -> None:
        """Insert `instances` with their history rows."""
        if instances:
            bulk_create_with_history(
                instances,
                model,
                batch_size=BATCH,
                default_change_reason=self.reason,
                default_date=self.now,
                default_user=self.user,
            )

    def insert(
        self, model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Insert rows of `fields` (attribute names); their history rows are
        written by `created`, once their ids are known."""
        Table(model, fields).insert(rows)

    def created(self, model: type[Model], pks: Sequence[int]) -> None:
        """Write the history rows of the rows `insert` stored."""
        record_history(model, pks, "+", self._stamp)

    def update(
        self, model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Set `fields` of the rows whose id ends each of `rows`, with their
        history rows."""
        if rows:
            Table(model, fields).update(rows)
            pks = sorted(row[-1] for row in rows)
            record_history(model, pks, "~", self._stamp)
