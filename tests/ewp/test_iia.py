"""EWP IIA v7 documents without a database: the official examples validate and
read, their hashes come out as the EWP developers computed them, and what Accord
writes validates and reads back the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from accord.core.errors import ImportInputError
from accord.publish.ewp.hashing import iia_hash, iia_text
from accord.publish.ewp.iia import (
    Iia,
    MobilitySpec,
    Partner,
    iias_to_xml,
    parse_document,
    xml_to_iias,
)
from accord.publish.ewp.schema import schema_errors

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = sorted(FIXTURES.glob("*.xml"))
EXAMPLE = FIXTURES / "get-response-example.xml"
KIT = FIXTURES / "xslt-kit-get-response-v7.xml"

STUDIES = MobilitySpec(
    kind="student-studies",
    sending_hei_id="tohoku.ac.jp",
    receiving_hei_id="uni-lyon.fr",
    first_academic_year="2024/2025",
    last_academic_year="2028/2029",
    mobilities_per_year=2,
    languages=(("fr", "B2"), ("en", "")),
    subject_areas=("0611", "0533"),
    other_info="per semester",
    blended=False,
    eqf_levels=(6, 7),
)
TEACHING = MobilitySpec(
    "staff-teacher",
    "uni-lyon.fr",
    "tohoku.ac.jp",
    "2024/2024",
    "2025/2025",
    1,
    (("ja", ""),),
)
IIA = Iia(
    (Partner("tohoku.ac.jp", "42", "42"), Partner("uni-lyon.fr", "L-7", "2024/77")),
    True,
    (TEACHING, STUDIES),
)


def iia_elements(path: Path) -> list:
    root = etree.parse(str(path)).getroot()
    return [e for e in root if isinstance(e.tag, str)]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_official_examples_validate_offline(path):
    assert schema_errors(etree.parse(str(path)).getroot()) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_it_computes_the_hash_the_official_examples_carry(path):
    for iia in iia_elements(path):
        stated = next(e.text for e in iia if etree.QName(e).localname == "iia-hash")
        assert iia_hash(iia) == stated


def test_its_text_to_hash_is_the_xslt_kits_own():
    # resources/xsltKit/README.md of ewp-specs-api-iias prints this text for the
    # kit's example: the v6 ISCED value, no contact, nothing not yet defined.
    text = iia_text(iia_elements(KIT)[0])
    assert text.startswith(
        "_iia-id_1=0f7a5682-faf7-49a7-9cc7-ec486c49a281__iia-id_2=1954991_"
        "_cooperation-conditions.student-studies-mobility-spec.sending-hei-id=uw.edu.pl_"
        "_cooperation-conditions.student-studies-mobility-spec.sending-ounit-id=140_"
        "_cooperation-conditions.student-studies-mobility-spec.receiving-hei-id=hibo.no_"
        "_student-studies-mobility-spec.subject-area.isced-f-code=031_"
    )
    assert "XYZ" not in text and "mobilities-per-year=2__student" not in text
    assert text.endswith(
        "_receiving-first-academic-year-id=2016/2017_"
        "_receiving-last-academic-year-id=2017/2018_"
    )


def test_the_hash_moves_with_the_cooperation_conditions_only():
    first = etree.fromstring(iias_to_xml([IIA]))[0]
    fewer = Iia(IIA.partners, IIA.in_effect, (TEACHING,))
    closed = Iia(IIA.partners, False, IIA.specs)
    assert iia_hash(etree.fromstring(iias_to_xml([fewer]))[0]) != iia_hash(first)
    assert iia_hash(etree.fromstring(iias_to_xml([closed]))[0]) == iia_hash(first)


def test_what_it_writes_validates_and_reads_back_the_same():
    document = iias_to_xml([IIA, IIA])
    assert schema_errors(etree.fromstring(document)) == []
    read = xml_to_iias(document, "out.xml")
    # The schema's order: student studies before staff teaching.
    expected = Iia(IIA.partners, True, (STUDIES, TEACHING))
    assert read.iias == (expected, expected)
    assert read.unstored == ()
    assert iias_to_xml(read.iias) == document


def test_it_reads_the_official_example_and_lists_what_accord_cannot_keep():
    read = xml_to_iias(EXAMPLE.read_bytes(), "example.xml")
    (iia,) = read.iias
    assert [p.hei_id for p in iia.partners] == ["uw.edu.pl", "hibo.no"]
    assert [s.kind for s in iia.specs] == [
        "student-studies",
        "student-traineeship",
        "staff-teacher",
        "staff-teacher",
        "staff-training",
    ]
    assert iia.specs[0].languages == (("en", "B1"), ("no", "B1"))
    unstored = {u.element.split("/")[-1] for u in read.unstored}
    assert unstored >= {
        "sending-ounit-id",
        "total-months-per-year",
        "total-days-per-year",
        "pdf-file",
        "contact-name",
    }
    assert str(read.unstored[-1]) == (
        "line 154: pdf-file = '4a483112-d306-4e77-87ff-05b823fb0e0f'"
    )


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        ((b"<mobilities-per-year>10<", b"<mobilities-per-year>ten<"), 84, "ten"),
        ((b"<cefr-level>C1<", b"<cefr-level>C3<"), 107, "cefr-level"),
        ((b"<in-effect>true</in-effect>", b""), 15, "in-effect"),
        (
            (b"<isced-f-code>0314</isced-f-code>", b"<isced-f-code>31</isced-f-code>"),
            69,
            "isced",
        ),
        ((b"</iias-get-response>", b"</iias-get-respons>"), 160, "not well-formed"),
        ((b"e950faa8", b"e950faa9"), 153, "does not match"),
    ],
)
def test_it_refuses_a_bad_document_naming_the_line(change, line, message):
    data = EXAMPLE.read_bytes().replace(*change, 1)
    with pytest.raises(ImportInputError) as refused:
        xml_to_iias(data, "bad.xml")
    error = refused.value.problems[0] if refused.value.problems else refused.value
    assert (error.path, error.line) == ("bad.xml", line)
    assert message in str(refused.value)


def test_it_refuses_another_document():
    with pytest.raises(ImportInputError) as refused:
        parse_document(b"<agreements/>", "list.xml")
    assert "not an EWP IIA v7 get response" in str(refused.value)


def test_it_reads_no_entity():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        + EXAMPLE.read_bytes().split(b"?>", 1)[-1].replace(b"uw.edu.pl<", b"&e;<", 1)
    )
    with pytest.raises(ImportInputError):
        xml_to_iias(data, "evil.xml")
