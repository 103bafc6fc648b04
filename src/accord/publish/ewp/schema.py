"""The EWP IIA v7 `get` response schema, validated offline.

The official schemas (`ewp/schemas/`, copied unchanged; their README names the
repositories) import each other by public URLs; `uri_mapper` sends each one to
the copy here, and `xml.xsd` comes with xmlschema, so no validation reaches the
network.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import xmlschema

SCHEMAS = Path(__file__).resolve().parent / "schemas"
GET_RESPONSE = (
    SCHEMAS / "ewp-specs-api-iias" / "stable-v7" / "endpoints" / "get-response.xsd"
)
NAMESPACE = (
    "https://github.com/erasmus-without-paper/ewp-specs-api-iias/blob/stable-v7/"
    "endpoints/get-response.xsd"
)
_PREFIXES = (
    "https://raw.githubusercontent.com/erasmus-without-paper/",
    "https://github.com/erasmus-without-paper/",
)


def local_copy(uri: str) -> str:
    """The file here for a schema's public URL; other URIs unchanged.

    >>> local_copy("https://raw.githubusercontent.com/erasmus-without-paper/"
    ...            "ewp-specs-types-contact/stable-v1/schema.xsd").endswith(
    ...            "schemas/ewp-specs-types-contact/stable-v1/schema.xsd")
    True
    """
    for prefix in _PREFIXES:
        if uri.startswith(prefix):
            repository, _, rest = uri[len(prefix) :].partition("/")
            rest = rest.removeprefix("blob/").removeprefix("tree/")
            path = SCHEMAS / repository / rest
            if path.is_file():
                return path.as_uri()
    return uri


@functools.cache
def get_response_schema() -> xmlschema.XMLSchema10:
    """The `iias-get-response` schema, built once per process."""
    return xmlschema.XMLSchema10(
        str(GET_RESPONSE), uri_mapper=local_copy, allow="local", defuse="always"
    )


def schema_errors(root: Any) -> list[xmlschema.XMLSchemaValidationError]:
    """Every way the document (an lxml root) breaks the schema."""
    return list(get_response_schema().iter_errors(root))
