"""The one exception the importer raises for input it cannot read."""

from __future__ import annotations


class ImportInputError(Exception):
    """Bad input: names the file, and where known the line and field.

    >>> str(ImportInputError("cannot decode the text", path="list.txt", line=3))
    'list.txt:3: cannot decode the text'
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f" (field {self.field!r})"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }
