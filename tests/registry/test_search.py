import pytest
from django.db import connection

from accord.registry.models import Agreement, Institution, InstitutionAlias
from accord.registry.queries import AgreementFilters, search_agreements
from accord.registry.search import rebuild_search_index, score, search_institutions
from tests.factory import make_agreement, make_country, make_home_unit, make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners():
    germany = make_country("DE", "Germany", "Europe")
    france = make_country("FR", "France", "Europe")
    found = {
        "erlangen": make_institution("Universität Erlangen-Nürnberg", germany),
        "lyon": make_institution("École Centrale de Lyon", france),
        "nantes": make_institution("École Centrale de Nantes", france),
        "chiangmai": make_institution("Chiangmai University"),
        "chula": make_institution("Chulalongkorn University"),
        "kmitl": make_institution("King Mongkut's Institute of Technology Ladkrabang"),
    }
    InstitutionAlias.objects.create(institution=found["kmitl"], name="KMITL")
    for institution in found.values():
        make_agreement(institution=institution)
    make_agreement(
        institution=found["chula"],
        level=Agreement.Level.DEPARTMENT,
        home_unit=make_home_unit("GS Dentistry"),
        partner_department="Faculty of Dentistry",
    )
    return found


def found(text):
    names = dict(Institution.objects.values_list("pk", "name"))
    return [names[m.institution_id] for m in search_institutions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Universitat", "Universität Erlangen-Nürnberg"),
        ("UNIVERSITÄT erlangen nurnberg", "Universität Erlangen-Nürnberg"),
        ("erlangen-nürnberg", "Universität Erlangen-Nürnberg"),
        ("Chiang Mai", "Chiangmai University"),
        ("chulalongkorm", "Chulalongkorn University"),
        ("Chulalongkorn Univeristy", "Chulalongkorn University"),
        ("kmitl", "King Mongkut's Institute of Technology Ladkrabang"),
        ("king mongkuts", "King Mongkut's Institute of Technology Ladkrabang"),
        ("dentistry", "Chulalongkorn University"),
    ],
)
def test_it_finds_a_partner_despite_case_accents_punctuation_and_typos(
    partners, text, expected
):
    assert found(text)[0] == expected


def test_it_ranks_the_closer_name_first(partners):
    assert found("ecole centrale de lyon")[0] == "École Centrale de Lyon"
    assert set(found("ecole centrale")) == {
        "École Centrale de Lyon",
        "École Centrale de Nantes",
    }


def test_it_requires_every_word(partners):
    assert found("centrale tokyo") == []
    assert found("zzzz") == []
    assert found("  ") == []


def test_it_finds_partners_by_country_name(partners):
    assert set(found("france")) == {
        "École Centrale de Lyon",
        "École Centrale de Nantes",
    }


def test_it_follows_renames_and_new_aliases(partners):
    lyon = partners["lyon"]
    lyon.name = "Centrale Lyon"
    lyon.save()
    InstitutionAlias.objects.create(institution=lyon, name="ECL")
    assert found("centrale lyon") == ["Centrale Lyon"]
    assert found("ecl") == ["Centrale Lyon"]
    lyon.agreements.all().delete()
    lyon.delete()
    assert found("centrale lyon") == []


def test_it_rebuilds_an_index_that_missed_bulk_writes(partners):
    Institution.objects.bulk_create(
        [
            Institution(
                name="Kasetsart University",
                name_folded="kasetsart university",
                country=make_country(),
            )
        ]
    )
    assert found("kasetsart") == ["Kasetsart University"]
    assert rebuild_search_index() == Institution.objects.count()


def test_it_ranks_agreements_by_relevance(partners):
    filters = AgreementFilters(q="centrale nantes", sort="relevance")
    assert [a.institution.name for a in search_agreements(filters)] == [
        "École Centrale de Nantes"
    ]
    filters = AgreementFilters(q="university", sort="relevance")
    assert len({a.institution.name for a in search_agreements(filters)}) == 3


def test_a_score_is_zero_when_a_word_is_missing():
    assert score(["lyon"], "=ecole centrale de nantes\n@france") == 0.0
    assert score(["lyon"], "=ecole centrale de lyon\n@france") > 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_it_has_the_trigram_extension_on_postgresql():
    from accord.registry.search import has_trigram_extension

    assert has_trigram_extension()


def test_it_rebuilds_the_index_once_an_import_commits(
    partners, django_capture_on_commit_callbacks
):
    from accord.registry.models import Edition
    from tests.factory import make_home_university

    lyon = partners["lyon"]
    InstitutionAlias.objects.bulk_create(
        [InstitutionAlias(institution=lyon, name="ECL Lyon", name_folded="ecl lyon")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        Edition.objects.create(
            home_university=make_home_university(), as_of="2021-05-01"
        )
    assert found("ecl lyon") == ["École Centrale de Lyon"]
