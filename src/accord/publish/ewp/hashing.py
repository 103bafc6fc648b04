"""The `iia-hash` of EWP IIA v7: the SHA-256 of the text the official XSLT
(`resources/xsltKit/transform_version_7.xsl` of ewp-specs-api-iias, stable-v7)
makes of one `iia` element, computed here without an XSLT 2.0 processor.

The text, as the XSLT builds it:

- `_@terminated-as-a-whole@_` when the cooperation conditions say so;
- each partner's `iia-id` in order: `_iia-id_1=<id>_`, `_iia-id_2=<id>_` (empty
  when the partner gives none);
- for each mobility specification, every element inside it in document order,
  leaving out the sending and receiving contacts and their content, the two
  academic years, and any element that is (or lies inside) one marked
  `not-yet-defined`: first its attributes but `not-yet-defined` and `v6-value`
  (`_@grandparent.parent.element.attribute=<value>@_`), then, for an element
  without child elements, `_grandparent.parent.element=<value>_`, an
  `isced-f-code` giving its `v6-value` when it has one;
- after each specification `_receiving-first-academic-year-id=<year>_` and
  `_receiving-last-academic-year-id=<year>_`.

>>> text = iia_text(iia_of(b'''<iia xmlns="urn:x"><partner><iia-id>A</iia-id>
...   </partner><partner/><cooperation-conditions><staff-training-mobility-spec>
...   <sending-hei-id>a.org</sending-hei-id><receiving-first-academic-year-id
...   >2024/2025</receiving-first-academic-year-id></staff-training-mobility-spec>
...   </cooperation-conditions></iia>'''))
>>> for piece in text.split("__"):
...     print(piece)
_iia-id_1=A
iia-id_2=
cooperation-conditions.staff-training-mobility-spec.sending-hei-id=a.org
receiving-first-academic-year-id=2024/2025
receiving-last-academic-year-id=_
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from lxml import etree

SKIPPED_INSIDE = ("sending-contact", "receiving-contact")
YEARS = ("receiving-first-academic-year-id", "receiving-last-academic-year-id")
UNHASHED_ATTRIBUTES = ("not-yet-defined", "v6-value")
TRUE = ("true", "1")


def local(node: Any) -> str:
    """The name of an element (or of an attribute, given its key) without its
    namespace; '' for none (above the root, a comment)."""
    tag = node if isinstance(node, str) else getattr(node, "tag", None)
    return str(etree.QName(tag).localname) if isinstance(tag, str) else ""


def iia_of(document: bytes) -> Any:
    """The root of a small document (doctest helper)."""
    return etree.fromstring(document, parser=etree.XMLParser(resolve_entities=False))


def iia_hash(iia: Any) -> str:
    """The `iia-hash` of one `iia` element (lxml), as EWP IIA v7 defines it."""
    return hashlib.sha256(iia_text(iia).encode("utf-8")).hexdigest()


def iia_text(iia: Any) -> str:
    """The `text-to-hash` of one `iia` element."""
    return "".join(_pieces(iia))


def _pieces(iia: Any) -> Iterator[str]:
    conditions = _child(iia, "cooperation-conditions")
    # The XSLT reads the attribute from the document's first cooperation
    # conditions (`//`), which is this IIA's own in a one-IIA response.
    if (
        conditions is not None
        and _attribute(conditions, "terminated-as-a-whole") in TRUE
    ):
        yield "_@terminated-as-a-whole@_"
    for position, partner in enumerate(_children(iia, "partner"), start=1):
        found = _child(partner, "iia-id")
        yield f"_iia-id_{position}={_string(found) if found is not None else ''}_"
    if conditions is None:
        return
    for spec in _elements(conditions):
        yield from _spec_pieces(spec)


def _spec_pieces(spec: Any) -> Iterator[str]:
    for element in spec.iterdescendants():
        if not isinstance(element.tag, str) or not _hashed(element):
            continue
        for name, value in element.attrib.items():
            if local(name) in UNHASHED_ATTRIBUTES:
                continue
            yield f"_@{_path(element)}.{local(name)}={value}@_"
        if not any(isinstance(child.tag, str) for child in element):
            yield f"_{_path(element)}={_value(element)}_"
    for name in YEARS:
        found = _child(spec, name)
        yield f"_{name}={_string(found) if found is not None else ''}_"


def _path(element: Any) -> str:
    parent = element.getparent()
    grandparent = parent.getparent() if parent is not None else None
    return f"{local(grandparent)}.{local(parent)}.{local(element)}"


def _hashed(element: Any) -> bool:
    if local(element) in YEARS:
        return False
    for node in element.iterancestors():
        if local(node) in SKIPPED_INSIDE:
            return False
    for node in [element, *element.iterancestors()]:
        if _attribute(node, "not-yet-defined") in TRUE:
            return False
    return True


def _value(element: Any) -> str:
    if local(element) == "isced-f-code":
        old = _attribute(element, "v6-value")
        if old:
            return old
    return _string(element)


def _string(element: Any) -> str:
    """The XPath string value: all the text inside, comments left out."""
    return "".join(element.itertext(with_tail=False)) if element is not None else ""


def _attribute(element: Any, name: str) -> str:
    for key, value in element.attrib.items():
        if local(key) == name:
            return str(value)
    return ""


def _elements(parent: Any) -> list[Any]:
    return [child for child in parent if isinstance(child.tag, str)]


def _children(parent: Any, name: str) -> list[Any]:
    return [child for child in _elements(parent) if local(child) == name]


def _child(parent: Any, name: str) -> Any:
    found = _children(parent, name)
    return found[0] if found else None
