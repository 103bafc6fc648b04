"""The one exception the importer raises for input it cannot read."""

from __future__ import annotations

from collections.abc import Sequence


class ImportInputError(Exception):
    """Bad input: names the file, and where known the line and field.

    >>> str(ImportInputError("cannot decode the text", path="list.txt", line=3))
    'list.txt:3: cannot decode the text'

    `several` gathers the problems of many rows into one refusal, each on its
    own line under a summary:

    >>> print(ImportInputError.several([
    ...     ImportInputError("is in the future", path="a.csv", line=2,
    ...                      field="concluded_on"),
    ...     ImportInputError("is required", path="a.csv", line=5, field="institution"),
    ... ], path="a.csv"))
    a.csv: 2 problems in 2 rows; nothing was stored
      a.csv:2 (field 'concluded_on'): is in the future
      a.csv:5 (field 'institution'): is required
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        line: int | None = None,
        field: str | None = None,
        problems: Sequence[ImportInputError] = (),
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.field = field
        self.problems = tuple(problems)
        super().__init__(str(self))

    @classmethod
    def several(
        cls, problems: Sequence[ImportInputError], *, path: str = ""
    ) -> ImportInputError:
        """One error for `problems` (the problem itself when there is one)."""
        if len(problems) == 1:
            return problems[0]
        rows = len({p.line for p in problems})
        return cls(
            f"{len(problems)} problems in {rows} rows; nothing was stored",
            path=path,
            problems=problems,
        )

    def at(self, path: str) -> ImportInputError:
        """The same error (and its problems) naming the file `path`."""
        return ImportInputError(
            self.message,
            path=path,
            line=self.line,
            field=self.field,
            problems=[p.at(path) for p in self.problems],
        )

    def _where(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f" (field {self.field!r})"
        return where

    def __str__(self) -> str:
        lines = [f"{self._where()}: {self.message}"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }
        if self.problems:
            data["problems"] = [p.to_dict() for p in self.problems]
        return data
