"""Response and request bodies; django-ninja turns them into the OpenAPI document."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = Field(description="URI of the problem type (see /api/v1/problems).")
    title: str
    status: int
    detail: str
    instance: str = Field(description="The request path and query that failed.")
    invalid_params: list[InvalidParam] | None = None
    current_version: int | None = Field(
        None, description="409 only: the version the record has now."
    )


class InvalidParam(Schema):
    name: str = Field(description="The query parameter or body field.")
    reason: str


class AgreementLinks(Schema):
    self: str
    institution: str
    portal: str | None = Field(description="The partner's public page, if any.")


class ExportRecord(Schema):
    """An agreement in the export schema (the columns of export.csv)."""

    level: Literal["university", "department"]
    region: str
    country_code: str = Field(
        description="ISO 3166-1 alpha-2, or empty for partners outside any country."
    )
    country_name: str
    institution: str
    co_partners: list[str] = Field(description="Other partners of a joint agreement.")
    partner_department: str = Field(description="Empty: the whole institution.")
    home_unit: str = Field(description="Empty for university-level agreements.")
    fee_waiver: bool | None = Field(
        description="Whether fees are mutually waived; null: unknown (the list "
        "lost the cell that said)."
    )
    concluded_on: datetime.date | None = Field(description="null: unknown.")
    edition: datetime.date | None = Field(
        description="As-of date of the list the agreement was last imported from."
    )
    source_lines: list[int] = Field(description="Lines of that list it came from.")
    home_university: str = Field(
        description="Slug of the home university whose agreement it is "
        "(`/universities`; the `university` filter takes it)."
    )


class TermLanguage(Schema):
    language: str = Field(description="ISO 639-1 code.")
    cefr: str | None = Field(None, description="CEFR level asked (A1-C2).")


class CooperationTerm(Schema):
    """One kind of mobility an agreement allows, and on what terms; every value
    may be unknown (null or empty)."""

    direction: Literal["incoming", "outgoing", "both"]
    mobility_type: Literal[
        "student_studies",
        "student_traineeship",
        "staff_teaching",
        "staff_training",
        "research_visit",
    ]
    places_per_year: int | None = Field(description="null: unknown.")
    first_academic_year: str | None = Field(
        description='First academic year, e.g. "2024/2025"; null: unknown.'
    )
    last_academic_year: str | None = Field(
        description="Last academic year; null: unknown."
    )
    blended: bool | None = Field(description="Blended mobility; null: unknown.")
    study_levels: list[int] = Field(description="EQF levels 5-8.")
    subject_areas: list[str] = Field(description="ISCED-F 2013 field codes.")
    languages: list[TermLanguage]
    fee_waiver_scope: list[Literal["application", "matriculation", "tuition"]]


class Agreement(ExportRecord):
    """An agreement in the export schema, with its id, end date, lifecycle,
    version (send it back to change the agreement) and links."""

    id: int
    ended_on: datetime.date | None
    status: Literal[
        "draft", "under_negotiation", "in_force", "suspended", "expired", "terminated"
    ] = Field(description="Where it stands in its lifecycle; see docs/api.md.")
    valid_from: datetime.date | None = Field(description="null: unknown.")
    valid_until: datetime.date | None = Field(
        description="Last day of the current validity; null: unknown."
    )
    term_months: int | None = Field(description="One term in months; null: unknown.")
    renews_automatically: bool
    cooperation_terms: list[CooperationTerm] = Field(
        description="What the agreement allows; empty: none recorded."
    )
    version: int
    links: AgreementLinks


class FacetValue(Schema):
    value: str | int | bool
    label: str
    count: int


class Facets(Schema):
    # Per home university: only when the registry keeps more than one.
    university: list[FacetValue] | None = None
    region: list[FacetValue]
    country: list[FacetValue]
    level: list[FacetValue]
    # Per unit, the agreements open to its members (university level included).
    open_to: list[FacetValue]
    # Per unit, the department-level agreements it holds.
    home_unit: list[FacetValue]
    fee_waiver: list[FacetValue]
    decade: list[FacetValue]
    # By lifecycle status, every agreement the public may see (the default "in
    # force today" does not narrow it).
    status: list[FacetValue]
    # Agreements with a cooperation term of each value (meeting the other term
    # filters); empty while no agreement records terms.
    mobility_type: list[FacetValue]
    study_level: list[FacetValue]
    subject_area: list[FacetValue]
    language: list[FacetValue]
    places_available: list[FacetValue]


class PageLinks(Schema):
    self: str
    first: str
    last: str
    next: str | None
    prev: str | None


class AgreementPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[Agreement]
    facets: Facets
    links: PageLinks


class InstitutionLinks(Schema):
    self: str
    portal: str | None


class Institution(Schema):
    id: int
    name: str
    aliases: list[str] = Field(description="Other spellings seen or kept by a merge.")
    country_code: str
    country_name: str
    region: str
    ror_id: str | None = Field(description="ROR id (`https://ror.org/` + it).")
    erasmus_code: str | None
    schac_code: str | None
    website: str = Field(description="Empty: unknown.")
    city: str = Field(description="Empty: unknown.")
    agreement_count: int = Field(description="Agreements in force with it.")
    version: int
    links: InstitutionLinks


class InstitutionDetail(Institution):
    agreements: list[Agreement] = Field(
        description="Its agreements, in force and ended, as partner or co-partner."
    )


class InstitutionPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[Institution]
    links: PageLinks


class Country(Schema):
    code: str = Field(description="The value of the `country` filter.")
    iso_code: str | None
    name: str
    slug: str
    region: str
    region_slug: str
    agreement_count: int
    institution_count: int


class Region(Schema):
    slug: str
    name: str
    country_count: int
    agreement_count: int


class University(Schema):
    slug: str = Field(description="What the `university` filter takes.")
    name: str
    name_ja: str = Field(description="Empty when not entered.")
    short_name: str
    country_code: str


class HomeUnit(Schema):
    code: str
    full_name: str
    kind: str
    agreement_count: int


class LevelCounts(Schema):
    agreements: int
    university_level: int
    department_level: int
    fee_waiver: int


class Totals(Schema):
    agreements: int
    university_level: int
    department_level: int
    fee_waiver: int
    fee_waiver_unknown: int = Field(
        description="Agreements whose fee waiver is unknown (in neither count)."
    )
    concluded_on_unknown: int
    institutions: int
    countries: int


class RegionCounts(LevelCounts):
    slug: str
    name: str


class CountryCounts(LevelCounts):
    code: str
    country_code: str
    slug: str
    name: str
    region: str


class HomeUnitCounts(Schema):
    code: str
    full_name: str
    home_university: str = Field(description="The unit's home university (slug).")
    home_university_name: str
    home_university_short_name: str
    agreements: int
    fee_waiver: int


class DecadeCounts(LevelCounts):
    decade: int


class UniversityCounts(LevelCounts):
    slug: str = Field(description="The value of the `university` filter.")
    name: str
    name_ja: str
    short_name: str
    institutions: int = Field(description="Partner institutions, each once.")
    countries: int


class Statistics(Schema):
    totals: Totals
    by_region: list[RegionCounts]
    by_country: list[CountryCounts]
    by_home_unit: list[HomeUnitCounts]
    by_decade: list[DecadeCounts]
    by_university: list[UniversityCounts] = Field(
        description="Per home university (the network's view); a partner shared "
        "by several universities counts once in `totals.institutions`."
    )


class ProblemTypeInfo(Schema):
    type: str
    status: int
    title: str
    description: str


Problem.model_rebuild()


class Document(Schema):
    """A document of an agreement (the signed agreement, an amendment, ...)."""

    id: int
    kind: Literal["signed_agreement", "amendment", "renewal", "other"]
    title: str
    signed_on: datetime.date | None = Field(description="null: unknown.")
    content_type: Literal["application/pdf", "image/png", "image/jpeg"]
    size: int = Field(description="In bytes.")
    public: bool = Field(description="Anyone may download it.")
    download_url: str = Field(
        description="The file, always as an attachment; without staff credentials "
        "only a public document's."
    )


class PublicContact(Schema):
    """A student contact of an agreement, as students see it."""

    side: Literal["home", "partner"]
    role: Literal["student_contact"]
    name: str
    email: str
    unit: str = Field(description="The unit or office.")


class StaffContact(Schema):
    """Any contact of an agreement, as staff see it."""

    id: int
    side: Literal["home", "partner"]
    role: Literal["coordinator", "signatory", "student_contact"]
    name: str
    email: str
    phone: str
    unit: str = Field(description="The unit or office.")
    notes: str
    public: bool = Field(description="Shown to students (student contacts only).")
    version: int
