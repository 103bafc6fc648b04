"""The write API's HTTP: permission before the body, every method in Allow, 404
for a missing path resource, and If-Match honoured (issue 14)."""

from __future__ import annotations

import pytest

from accord.registry.models import Agreement, Institution
from tests.api.test_write import new_agreement, send
from tests.factory import make_institution

pytestmark = pytest.mark.django_db


def writes(registry) -> list[tuple[str, str]]:
    agreement = registry["lyon"].pk
    institution = registry["lyon"].institution_id
    return [
        ("post", "/api/v1/agreements"),
        ("patch", f"/api/v1/agreements/{agreement}"),
        ("post", f"/api/v1/agreements/{agreement}/end"),
        ("post", "/api/v1/institutions"),
        ("patch", f"/api/v1/institutions/{institution}"),
        ("post", f"/api/v1/institutions/{institution}/merge"),
    ]


@pytest.mark.parametrize("body", [{"level": 7, "surprise": True}, "not json at all"])
def test_a_viewer_is_refused_before_its_body_is_read(viewer, anonymous, registry, body):
    for method, url in writes(registry):
        response = send(viewer, method, url, body)
        assert response.status_code == 403, (method, url, response.content)
        assert response.json()["type"].endswith("#forbidden")
        assert send(anonymous, method, url, body).status_code == 401


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/api/v1/agreements", "GET, HEAD, OPTIONS, POST"),
        ("/api/v1/agreements/{agreement}", "GET, HEAD, OPTIONS, PATCH"),
        ("/api/v1/agreements/{agreement}/end", "OPTIONS, POST"),
        ("/api/v1/institutions", "GET, HEAD, OPTIONS, POST"),
        ("/api/v1/institutions/{institution}", "GET, HEAD, OPTIONS, PATCH"),
        ("/api/v1/institutions/{institution}/merge", "OPTIONS, POST"),
        ("/api/v1/countries", "GET, HEAD, OPTIONS"),
    ],
)
def test_options_and_405_name_every_method_the_url_serves(
    anonymous, registry, path, allow
):
    url = path.format(
        agreement=registry["lyon"].pk, institution=registry["lyon"].institution_id
    )
    response = anonymous.options(url)
    assert (response.status_code, response["Allow"]) == (204, allow)
    refused = anonymous.delete(url)
    assert (refused.status_code, refused["Allow"]) == (405, allow)
    assert refused.json()["type"].endswith("#method-not-allowed")


def test_a_merge_into_a_missing_institution_is_a_404(editor, registry):
    duplicate = make_institution("Ecole Centrale de Lyon (ECL)").pk
    response = send(
        editor, "post", "/api/v1/institutions/999999/merge", {"merge_away": duplicate}
    )
    assert response.status_code == 404
    assert response.json()["type"].endswith("#not-found")
    assert response.json()["detail"] == "No institution with id 999999."
    kept = registry["lyon"].institution_id
    url = f"/api/v1/institutions/{kept}/merge"
    missing_duplicate = send(editor, "post", url, {"merge_away": 999999})
    assert missing_duplicate.status_code == 422  # a body field names nothing
    assert Institution.objects.filter(pk=duplicate).exists()


def test_a_write_with_a_stale_if_match_is_refused_with_412(editor, registry):
    url = f"/api/v1/agreements/{registry['lyon'].pk}"
    read = editor.get(url)
    etag = read["ETag"]
    send(editor, "patch", url, {"version": 1, "notes": "someone else's change"})
    response = send(
        editor,
        "patch",
        url,
        {"version": 2, "fee_waiver": False},
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 412
    problem = response.json()
    assert problem["type"].endswith("#precondition-failed")
    assert response["ETag"] == editor.get(url)["ETag"] != etag
    assert Agreement.objects.get(pk=registry["lyon"].pk).fee_waiver is True


def test_a_stale_if_match_wins_over_a_bad_body(editor, registry):
    url = f"/api/v1/agreements/{registry['lyon'].pk}/end"
    response = send(editor, "post", url, {"ended_on": "soon"}, HTTP_IF_MATCH='"x"')
    assert response.status_code == 412


@pytest.mark.parametrize("weak", [False, True])
def test_a_write_with_the_current_if_match_goes_through(editor, registry, weak):
    agreement = registry["lyon"].pk
    etag = editor.get(f"/api/v1/agreements/{agreement}")["ETag"]
    tag = f"W/{etag}" if weak else etag
    url = f"/api/v1/agreements/{agreement}/end"  # acts on the agreement read
    response = send(editor, "post", url, {"version": 1}, HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.content
    assert response.json()["ended_on"] is not None


def test_if_match_star_and_a_create_against_the_list(editor, registry):
    etag = editor.get("/api/v1/agreements")["ETag"]
    created = send(
        editor,
        "post",
        "/api/v1/agreements",
        new_agreement(registry),
        HTTP_IF_MATCH=etag,
    )
    assert created.status_code == 201, created.content
    again = send(
        editor,
        "post",
        "/api/v1/agreements",
        new_agreement(registry),
        HTTP_IF_MATCH=etag,
    )
    assert again.status_code == 412  # the list changed with the first create
    url = f"/api/v1/agreements/{created.json()['id']}"
    star = send(editor, "patch", url, {"version": 1, "notes": "x"}, HTTP_IF_MATCH="*")
    assert star.status_code == 200
