"""EWP IIA v7 `iias` get responses as plain values, and back: no database here.

`Iia` is what Accord reads and writes of one Inter-Institutional Agreement: its
two partners (the home university first, as a `get` response puts the server's
own institution), whether it is (or was) in effect, and its one-way mobility
specifications. `iias_to_xml` writes a response, with each `iia-hash` computed
(`ewp.hashing`); `xml_to_iias` reads one back, checked against the official
schema (`ewp.schema`) and every stated hash, and lists what Accord keeps no
field for (`Unstored`) instead of dropping it silently.

>>> spec = MobilitySpec("staff-training", "a.example", "b.example", "2024/2025",
...                     "2025/2026", 2)
>>> iia = Iia((Partner("a.example", "7", "7"), Partner("b.example")), True, (spec,))
>>> read = xml_to_iias(iias_to_xml([iia]), "x.xml")
>>> read.iias == (iia,), read.unstored
(True, ())
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from accord.core.errors import ImportInputError
from accord.publish.ewp.hashing import iia_hash, local
from accord.publish.ewp.schema import NAMESPACE, schema_errors

CONTACT_NAMESPACE = (
    "https://github.com/erasmus-without-paper/ewp-specs-types-contact/tree/stable-v1"
)
# The order the schema requires inside `cooperation-conditions`.
KINDS = ("student-studies", "student-traineeship", "staff-teacher", "staff-training")
STUDENT_KINDS = KINDS[:2]
# Elements the schema requires at least one `recommended-language-skill` in.
LANGUAGE_REQUIRED = ("student-studies", "staff-teacher")
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Partner:
    hei_id: str
    iia_id: str = ""
    iia_code: str = ""


@dataclass(frozen=True)
class MobilitySpec:
    """One `*-mobility-spec`: who sends whom where, for which academic years."""

    kind: str
    sending_hei_id: str
    receiving_hei_id: str
    first_academic_year: str
    last_academic_year: str
    mobilities_per_year: int
    languages: tuple[tuple[str, str], ...] = ()
    subject_areas: tuple[str, ...] = ()
    other_info: str = ""
    blended: bool | None = None
    eqf_levels: tuple[int, ...] = ()


@dataclass(frozen=True)
class Iia:
    partners: tuple[Partner, Partner]
    in_effect: bool
    specs: tuple[MobilitySpec, ...]


@dataclass(frozen=True)
class Unstored:
    """Something a document says that Accord keeps no field for."""

    line: int | None
    element: str
    value: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.element} = {self.value!r}"


@dataclass(frozen=True)
class ReadIias:
    iias: tuple[Iia, ...]
    # Per IIA, in the same order.
    lines: tuple[int, ...] = ()
    unstored: tuple[Unstored, ...] = field(default=())


# -- writing ----------------------------------------------------------------------


def _sub(parent: Any, name: str, text: str | None = None) -> Any:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}")
    if text is not None:
        element.text = text
    return element


def iias_to_xml(iias: Iterable[Iia]) -> bytes:
    """An `iias-get-response` holding `iias`, each with its `iia-hash`."""
    root = etree.Element(
        f"{{{NAMESPACE}}}iias-get-response",
        nsmap={None: NAMESPACE, "c": CONTACT_NAMESPACE},
    )
    for iia in iias:
        _write_iia(root, iia)
    return bytes(
        etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )


def _write_iia(root: Any, iia: Iia) -> None:
    element = _sub(root, "iia")
    for partner in iia.partners:
        node = _sub(element, "partner")
        _sub(node, "hei-id", partner.hei_id)
        if partner.iia_id:
            _sub(node, "iia-id", partner.iia_id)
        if partner.iia_code:
            _sub(node, "iia-code", partner.iia_code)
    _sub(element, "in-effect", "true" if iia.in_effect else "false")
    conditions = _sub(element, "cooperation-conditions")
    for spec in sorted(iia.specs, key=lambda s: KINDS.index(s.kind)):
        _write_spec(conditions, spec)
    _sub(element, "iia-hash", iia_hash(element))


def _write_spec(conditions: Any, spec: MobilitySpec) -> None:
    node = _sub(conditions, f"{spec.kind}-mobility-spec")
    _sub(node, "sending-hei-id", spec.sending_hei_id)
    _sub(node, "receiving-hei-id", spec.receiving_hei_id)
    _sub(node, "receiving-first-academic-year-id", spec.first_academic_year)
    _sub(node, "receiving-last-academic-year-id", spec.last_academic_year)
    _sub(node, "mobilities-per-year", str(spec.mobilities_per_year))
    for language, cefr in spec.languages:
        skill = _sub(node, "recommended-language-skill")
        _sub(skill, "language", language)
        if cefr:
            _sub(skill, "cefr-level", cefr)
    for code in spec.subject_areas:
        _sub(_sub(node, "subject-area"), "isced-f-code", code)
    if spec.other_info:
        _sub(node, "other-info-terms", spec.other_info)
    if spec.kind in STUDENT_KINDS:
        _sub(node, "blended", "true" if spec.blended else "false")
        for level in spec.eqf_levels:
            _sub(node, "eqf-level", str(level))


# -- reading ----------------------------------------------------------------------


def parse_document(data: bytes, path: str) -> Any:
    """The document's root; ImportInputError (with its line) when it is not
    well-formed XML or breaks the schema. No entity, DTD or network access."""
    if len(data) > MAX_BYTES:
        raise ImportInputError(f"is larger than {MAX_BYTES} bytes", path=path)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ImportInputError(
            f"is not well-formed XML: {exc.msg}", path=path, line=exc.lineno
        ) from None
    if root.tag != f"{{{NAMESPACE}}}iias-get-response":
        raise ImportInputError(
            f"is not an EWP IIA v7 get response (root element {local(root)!r}, "
            f"namespace {etree.QName(root).namespace!r})",
            path=path,
            line=root.sourceline,
        )
    problems = [
        ImportInputError(
            f"{_short(error.reason or 'does not match the schema')} "
            f"(element {error.path})",
            path=path,
            line=error.sourceline,
            field=local(error.elem) if error.elem is not None else None,
        )
        for error in schema_errors(root)
    ]
    if problems:
        raise ImportInputError.several(problems, path=path)
    return root


def _short(reason: str) -> str:
    """A schema message without the namespace in every element name."""
    return reason.replace(f"{{{NAMESPACE}}}", "")


def xml_to_iias(data: bytes, path: str) -> ReadIias:
    """Every IIA of a get response, with what Accord cannot keep of each."""
    root = parse_document(data, path)
    iias: list[Iia] = []
    lines: list[int] = []
    unstored: list[Unstored] = []
    for element in _children(root, "iia"):
        stated = _text(_child(element, "iia-hash"))
        if stated != iia_hash(element):
            raise ImportInputError(
                f"iia-hash {stated} does not match the cooperation conditions "
                f"(computed {iia_hash(element)})",
                path=path,
                line=_child(element, "iia-hash").sourceline,
                field="iia-hash",
            )
        iias.append(_read_iia(element))
        lines.append(element.sourceline)
        unstored += _unstored(element)
    return ReadIias(tuple(iias), tuple(lines), tuple(unstored))


def _read_iia(element: Any) -> Iia:
    first, second = (
        Partner(
            hei_id=_text(_child(p, "hei-id")),
            iia_id=_text(_child(p, "iia-id")),
            iia_code=_text(_child(p, "iia-code")),
        )
        for p in _children(element, "partner")
    )
    specs = tuple(
        _read_spec(spec)
        for spec in _elements(_child(element, "cooperation-conditions"))
    )
    return Iia(
        (first, second), _text(_child(element, "in-effect")) in ("true", "1"), specs
    )


def _read_spec(node: Any) -> MobilitySpec:
    kind = local(node).removesuffix("-mobility-spec")
    blended = _child(node, "blended")
    return MobilitySpec(
        kind=kind,
        sending_hei_id=_text(_child(node, "sending-hei-id")),
        receiving_hei_id=_text(_child(node, "receiving-hei-id")),
        first_academic_year=_text(_child(node, "receiving-first-academic-year-id")),
        last_academic_year=_text(_child(node, "receiving-last-academic-year-id")),
        mobilities_per_year=int(_text(_child(node, "mobilities-per-year"))),
        languages=tuple(
            (_text(_child(skill, "language")), _text(_child(skill, "cefr-level")))
            for skill in _children(node, "recommended-language-skill")
        ),
        subject_areas=tuple(
            _text(_child(area, "isced-f-code"))
            for area in _children(node, "subject-area")
        ),
        other_info=_text(_child(node, "other-info-terms")),
        blended=None if blended is None else _text(blended) in ("true", "1"),
        eqf_levels=tuple(int(_text(level)) for level in _children(node, "eqf-level")),
    )


# What `_read_iia` keeps, by element name; any other element with a value, and
# any attribute, is reported as not stored.
_KEPT = frozenset(
    {
        "hei-id",
        "iia-id",
        "iia-code",
        "in-effect",
        "iia-hash",
        "sending-hei-id",
        "receiving-hei-id",
        "receiving-first-academic-year-id",
        "receiving-last-academic-year-id",
        "mobilities-per-year",
        "language",
        "cefr-level",
        "isced-f-code",
        "other-info-terms",
        "blended",
        "eqf-level",
    }
)


def _unstored(iia: Any) -> Iterator[Unstored]:
    for element in iia.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            yield Unstored(
                element.sourceline, f"{_where(element)}/@{local(name)}", value
            )
        leaf = not any(isinstance(child.tag, str) for child in element)
        if leaf and local(element) not in _KEPT:
            text = _text(element)
            # An empty isced-clarification is how the schema says "none".
            if text or local(element) != "isced-clarification":
                yield Unstored(element.sourceline, _where(element), text)


def _where(element: Any) -> str:
    names = [local(element)]
    for ancestor in element.iterancestors():
        if local(ancestor) == "iia":
            break
        names.append(local(ancestor))
    return "/".join(reversed(names))


def _elements(parent: Any) -> list[Any]:
    if parent is None:
        return []
    return [child for child in parent if isinstance(child.tag, str)]


def _children(parent: Any, name: str) -> list[Any]:
    return [child for child in _elements(parent) if local(child) == name]


def _child(parent: Any, name: str) -> Any:
    found = _children(parent, name)
    return found[0] if found else None


def _text(element: Any) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""
