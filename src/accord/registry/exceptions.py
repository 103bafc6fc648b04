"""What a write to the registry can be refused with.

The registry's own vocabulary of refusals, apart from the rules that raise them
(`registry.validation`): the models' companion modules (contacts, cooperation
terms, documents) raise them too, and the models import those modules, so the
refusals must not import the models.
"""

from __future__ import annotations

CONFLICT_MESSAGE = (
    "This record was changed by someone else since you opened it; "
    "reload it and apply your change again."
)


class WriteRefused(Exception):
    """A write the registry refused; nothing was stored."""

    code = "refused"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "field": self.field, "message": self.message}


class InvalidWrite(WriteRefused):
    """The data breaks a rule of the registry (a 4xx for the API)."""

    code = "invalid"


class Missing(InvalidWrite):
    """The record the write is about does not exist (a 404 for the API)."""


class Conflict(WriteRefused):
    """The record changed since the caller read it (optimistic locking)."""

    code = "conflict"

    def __init__(self, current_version: int, message: str = CONFLICT_MESSAGE) -> None:
        super().__init__("version", message)
        self.current_version = current_version
