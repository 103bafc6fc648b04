"""Likely duplicate institutions, found without a database."""

import pytest

from accord.registry.duplicates import find_duplicates


def pairs(rows, **options):
    return [(p.first_id, p.second_id) for p in find_duplicates(rows, **options)]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Chiangmai University", "Chiang Mai University"),
        ("KTH Royal Institute of Technology", "Royal Institute of Technology"),
        ("Universität Erlangen-Nürnberg", "Universitat Erlangen Nurnberg"),
        ("University of Malaya", "Malaya University"),
        ("The University of York", "University of York"),
        (
            "Korea Advanced Institute of Science and Technology (KAIST)",
            "Korea Advanced Institute of Science and Technology",
        ),
        ("Mahidol Universty", "Mahidol University"),
    ],
)
def test_it_pairs_spellings_of_one_institution(first, second):
    assert pairs([(1, first, (), "XX"), (2, second, (), "XX")]) == [(1, 2)]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Tokyo University of Science", "University of Tokyo"),
        ("Osaka University", "Osaka City University"),
        ("Kasetsart University", "Silpakorn University"),
        # Pairs from the 2021 list that score 90-95 on the whole name alone.
        ("Southeast University", "Southwest University"),
        ("Chonbuk National University", "Chungbuk National University"),
        ("National Chung Cheng University", "National Cheng Kung University"),
        ("Lanzhou University", "Yangzhou University"),
        ("Hainan University", "Hunan University"),
        ("National Taiwan University", "National Taitung University"),
        ("Minzu University of China", "Renmin University of China"),
        (
            "Korea Institute of Science and Technology (KIST)",
            "Korea Advanced Institute of Science and Technology (KAIST)",
        ),
    ],
)
def test_it_leaves_different_institutions_apart(first, second):
    assert pairs([(1, first, (), "XX"), (2, second, (), "XX")]) == []


def test_it_compares_only_within_a_country():
    rows = [
        (1, "Chiang Mai University", (), "TH"),
        (2, "Chiang Mai University", (), "LA"),
    ]
    assert pairs(rows) == []


def test_it_matches_through_aliases_and_says_which_spellings_matched():
    rows = [
        (7, "Chulalongkorn University", ("Chulalongkorn Univ", "CU Bangkok"), 5),
        (3, "Royal Chula", ("CU  bangkok",), 5),
    ]
    [pair] = find_duplicates(rows)
    assert (pair.first_id, pair.second_id, pair.score) == (3, 7, 100.0)
    assert (pair.first_match, pair.second_match) == ("CU  bangkok", "CU Bangkok")
    assert (pair.first_name, pair.second_name) == (
        "Royal Chula",
        "Chulalongkorn University",
    )


def test_it_lists_the_closest_pairs_first_and_honours_the_threshold():
    rows = [
        (1, "Mahidol University", (), "TH"),
        (2, "Mahidol Universty", (), "TH"),
        (3, "Chiangmai University", (), "TH"),
        (4, "Chiang Mai University", (), "TH"),
    ]
    assert pairs(rows) == [(3, 4), (1, 2)]  # 97.6 then 97.1
    assert pairs(rows, threshold=97.5) == [(3, 4)]
