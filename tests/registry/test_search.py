"""Text search (registry/textindex.py through registry/engine.py): what a
visitor types finds the partner, whatever the database."""

import pickle

import pytest

from accord.registry import textindex
from accord.registry.engine import matching_institutions
from accord.registry.models import Agreement, Institution, InstitutionAlias
from accord.registry.queries import AgreementFilters, search_agreements
from accord.registry.textindex import TextIndex
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
    return [names[pk] for pk in matching_institutions(text)]


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


def test_it_sees_bulk_writes_that_send_no_signal(partners):
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


def test_it_ranks_agreements_by_relevance(partners):
    filters = AgreementFilters(q="centrale nantes", sort="relevance")
    assert [a.institution.name for a in search_agreements(filters)] == [
        "École Centrale de Nantes"
    ]
    filters = AgreementFilters(q="university", sort="relevance")
    assert len({a.institution.name for a in search_agreements(filters)}) == 3


def test_an_institution_matches_only_with_every_word():
    index = TextIndex.build(
        [
            (["ecole centrale de nantes"], [], "france"),
            (["ecole centrale de lyon"], [], "france"),
        ]
    )
    assert index.match(["lyon"]).positions.tolist() == [1]
    assert index.match(["centrale", "tokyo"]).positions.tolist() == []


def test_a_word_of_one_two_or_three_letters_finds_every_partner_holding_it():
    documents = [
        (["universite paris 12"], [], "france"),
        (["ecole 112 de lyon"], ["dept 2"], "france"),
        (["tokyo 21"], [], "japan"),
        (["kyoto"], ["school 3"], "japan"),
    ]
    index = TextIndex.build(documents)

    def holding(word):
        found = []
        for position, (names, departments, country) in enumerate(documents):
            tokens = " ".join([*names, *departments, country]).split()
            joined = [n.replace(" ", "") for n in names if len(word) >= 3]
            if any(word in t for t in tokens + joined):
                found.append(position)
        return found

    lines = " ".join(" ".join([*n, *d, c]) for n, d, c in documents).split()
    runs = {t[i : i + n] for t in lines for n in (1, 2, 3) for i in range(len(t))}
    for word in sorted(runs | {"9", "zz", "qqq", "é", "s12"}):
        assert index.match([word]).positions.tolist() == holding(word), word
    assert index.match(["12"]).positions.tolist() == [0, 1]
    assert index.match(["2"]).positions.tolist() == [0, 1, 2]
    # Every three-letter run of it is in some word, but no word holds it.
    assert index.match(["tokyotokyoto"]).positions.tolist() == []


def test_a_word_written_across_a_space_is_found_wherever_it_crosses():
    names = ["ecole centrale de lyon", "a bcdefg h", "universite de x"]
    index = TextIndex.build([([name], [], "france") for name in names])
    for position, name in enumerate(names):
        joined = name.replace(" ", "")
        cuts = [len("".join(name.split()[: k + 1])) for k in range(name.count(" "))]
        for cut in cuts:
            for size in range(3, 8):
                for start in range(max(cut - size + 1, 0), cut):
                    word = joined[start : start + size]
                    if len(word) == size:
                        found = index.match([word]).positions.tolist()
                        assert position in found, word


@pytest.mark.parametrize(
    ("words", "score"),
    [
        (["lyon"], 1.0 + 0.1 + 0.05 * 4 / 22),  # whole word of the name
        (["ly"], 0.95 + 0.1 + 0.05 * 2 / 22),  # the start of a word
        (["yon"], 0.85 + 0.1 + 0.05 * 3 / 22),  # inside a word
        (["france"], 0.5 + 0.05 * 6 / 22),  # the country
        (["mechanical"], 0.6 + 0.05 * 10 / 22),  # a department
        (["centraledelyon"], 0.85 + 0.05 * 14 / 22),  # across the spaces
    ],
)
def test_a_match_weighs_how_and_where_the_word_was_found(words, score):
    index = TextIndex.build(
        [(["ecole centrale de lyon"], ["mechanical engineering"], "france")]
    )
    assert index.match(words).scores.tolist() == [round(score, 4)]


def test_a_word_weighs_whole_more_than_as_a_start_more_than_inside():
    names = ["lyonnais", "lyon", "vallyon", "lyons lyon"]
    index = TextIndex.build([([name], [], "france") for name in names])
    found = index.match(["lyon"])
    scores = dict(zip(found.positions.tolist(), found.scores.tolist(), strict=True))
    assert scores == {
        0: round(0.95 + 0.1 + 0.05 * 4 / 8, 4),
        1: round(1.0 + 0.1 + 0.05, 4),
        2: round(0.85 + 0.1 + 0.05 * 4 / 7, 4),
        3: round(1.0 + 0.1 + 0.05 * 4 / 10, 4),
    }


def test_it_forgives_a_typo_only_when_few_match_exactly():
    near = [([f"kasetsart university {n}"], [], "thailand") for n in range(12)]
    index = TextIndex.build([*near, (["kasetsart"], [], "thailand")])
    assert len(index.match(["kasetsart"]).positions) == 13
    assert len(index.match(["kasetsrt"]).positions) == 13
    assert index.match(["kasetsrt", "university"]).positions.tolist() == list(range(12))


def test_it_follows_an_import_at_once(partners):
    from tests.factory import make_home_university

    lyon = partners["lyon"]
    InstitutionAlias.objects.bulk_create(
        [InstitutionAlias(institution=lyon, name="ECL Lyon", name_folded="ecl lyon")]
    )
    make_home_university()
    assert found("ecl lyon") == ["École Centrale de Lyon"]


def _words_index():
    return TextIndex.build(
        [
            (["chiang mai university"], ["faculty of engineering"], "thailand"),
            (["chulalongkorn university"], [], "thailand"),
            (["kasetsart university"], [], "thailand", "bangkok"),
            (["ecole centrale de lyon"], [], "france"),
        ]
    )


def test_a_word_s_matches_are_worked_out_once_per_index(monkeypatch):
    index = _words_index()
    worked_out = []
    exact, fuzzy = TextIndex._exact, TextIndex._fuzzy
    monkeypatch.setattr(
        TextIndex, "_exact", lambda self, w: worked_out.append(w) or exact(self, w)
    )
    monkeypatch.setattr(
        TextIndex, "_fuzzy", lambda self, w: worked_out.append(w) or fuzzy(self, w)
    )
    first = index.match(["university", "bangkk"])  # a typo: both passes
    assert worked_out == ["university", "bangkk", "university", "bangkk"]
    again = index.match(["bangkk", "university"])
    assert worked_out == ["university", "bangkk", "university", "bangkk"]
    assert first.positions.tolist() == again.positions.tolist() == [2]
    assert first.scores.tolist() == again.scores.tolist()


def test_kept_matches_are_the_matches_worked_out_anew():
    index = _words_index()
    queries = [["university"], ["chulalongkorm"], ["chiangmai"], ["lyon", "ecole"]]
    first = [index.match(q) for q in queries]
    kept = [index.match(q) for q in queries]
    fresh = [_words_index().match(q) for q in queries]
    for a, b, c in zip(first, kept, fresh, strict=True):
        assert a.positions.tolist() == b.positions.tolist() == c.positions.tolist()
        assert a.scores.tolist() == b.scores.tolist() == c.scores.tolist()
    # A kept match is handed out as a copy: changing it changes nothing kept.
    index._word("exact", "university")[:] = 0
    assert index.match(["university"]).positions.tolist() == [0, 1, 2]


def test_kept_matches_stay_within_their_bytes(monkeypatch):
    monkeypatch.setattr(textindex, "KEPT_BYTES", 1000)
    index = _words_index()
    for word in ["university", "chiang", "lyon", "thailand", "bangkok", "centrale"]:
        index.match([word])
    assert index._kept._bytes <= 1000
    assert index._kept.get(("exact", "university")) is None  # the oldest went


def test_a_stored_index_keeps_no_matches_and_keeps_them_again_once_read():
    index = _words_index()
    index.match(["university"])
    stored = pickle.loads(pickle.dumps(index))  # noqa: S301 (its own bytes)
    assert stored._kept.get(("exact", "university")) is None
    assert stored.match(["university"]).positions.tolist() == [0, 1, 2]
    assert stored._kept.get(("exact", "university")) is not None
