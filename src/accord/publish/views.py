"""Staff pages: publish the list, compare editions, watch renewals.

Staff only (`staff_member_required`: anonymous visitors go to the login page).
Every staff role may preview the list and read the reports; issuing the official
documents (PDF, HTML) takes the `publish.publish_list` permission of the admin
role; ending the agreements a new edition dropped takes the editor's
`registry.change_agreement`, after a confirmation page, through
`registry.services`. The views hold no logic of their own: each calls the
same functions as the CLI.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from accord.core.system import PDF_PACKAGES
from accord.publish.asof import PublishError, pick_home_university, records_as_of
from accord.publish.diff import diff_records
from accord.publish.documents import official_list, publish_list
from accord.publish.dropped import (
    chosen_versions,
    dropped_reason,
    end_dropped,
    find_dropped,
)
from accord.publish.editions import find_edition, parse_day
from accord.publish.render import PdfUnavailable, render_list_html
from accord.publish.renewal import DEFAULT_WITHIN_DAYS, due_agreements, parse_within
from accord.publish.renewing import MarkForm, mark
from accord.registry import queries, scopes
from accord.registry.exceptions import WriteRefused
from accord.registry.lifecycle import label, term_label
from accord.registry.lifecycle import validity_end as computed_end
from accord.registry.models import Edition, HomeUniversity


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "publish/staff_error.html", {"message": message}, status=400)


class UniversityUnnamed(PublishError):
    """A page about one university was asked for without naming it, by an
    account that works for several."""


def _choose_university(request: HttpRequest) -> HttpResponse:
    """The page again, once for each university the account works for."""
    choices = [
        (university, f"{request.path}?{_with_home(request.GET, university.slug)}")
        for university in scopes.universities(request.user)
    ]
    return render(request, "publish/staff_choose.html", {"choices": choices})


def _with_home(query: QueryDict, slug: str) -> str:
    chosen = query.copy()
    chosen["home"] = slug
    return chosen.urlencode()


def _home(request: HttpRequest) -> HomeUniversity:
    """The university named by `?home=` (its slug), by default the one the
    account works for if it works for one; 403 for one it does not work for."""
    named = request.GET.get("home") or None
    if named is None:
        mine = list(scopes.universities(request.user)[:2])
        if len(mine) == 1:
            return mine[0]
        if len(mine) > 1:
            raise UniversityUnnamed("name the home university (?home=...)")
    home = pick_home_university(named)
    _check(request, home)
    return home


def _check(request: HttpRequest, university: HomeUniversity | int | str) -> None:
    if not scopes.acts_for(request.user, university):
        raise PermissionDenied("this account does not work for that university")


def _language(request: HttpRequest) -> str:
    code = request.GET.get("language", "").strip() or "en"
    if code not in dict(settings.LANGUAGES):
        known = ", ".join(dict(settings.LANGUAGES))
        raise PublishError(f"language {code!r} is not one of: {known}")
    return code


def _as_of(request: HttpRequest) -> datetime.date:
    raw = request.GET.get("as_of", "").strip()
    return parse_day(raw, "as_of") if raw else datetime.date.today()


@staff_member_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    editions = scopes.within(
        Edition.objects.select_related("home_university"), request.user
    ).order_by("as_of")
    return render(
        request,
        "publish/staff_index.html",
        {
            "today": datetime.date.today(),
            "editions": editions,
            "within_default": f"{DEFAULT_WITHIN_DAYS}d",
            "languages": settings.LANGUAGES,
            "universities": scopes.universities(request.user),
        },
    )


@staff_member_required
@require_GET
def list_page(request: HttpRequest) -> HttpResponse:
    """The list as it stood on `as_of`, in the page itself (printable)."""
    try:
        home, as_of, language = _home(request), _as_of(request), _language(request)
    except UniversityUnnamed:
        return _choose_university(request)
    except PublishError as exc:
        return _bad_request(request, str(exc))
    html = render_list_html(
        official_list(home, as_of),
        home.name,
        home.short_name or home.name,
        language=language,
    )
    return HttpResponse(html)


@staff_member_required
@permission_required("publish.publish_list", raise_exception=True)
@require_GET
def list_download(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        home, as_of, language = _home(request), _as_of(request), _language(request)
    except PublishError as exc:
        return _bad_request(request, str(exc))
    try:
        document = publish_list(home, as_of, fmt, language)
    except PdfUnavailable as exc:
        # Not the staff member's doing: the machine lacks a library (503).
        context = {"message": str(exc), "packages": PDF_PACKAGES}
        return render(request, "publish/staff_unavailable.html", context, status=503)
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


def _editions(data: QueryDict) -> tuple[Edition, Edition]:
    reference_a, reference_b = data.get("a", ""), data.get("b", "")
    if not reference_a or not reference_b:
        raise PublishError("name two editions: ?a=...&b=...")
    return find_edition(reference_a), find_edition(reference_b)


def _editions_of(request: HttpRequest, data: QueryDict) -> tuple[Edition, Edition]:
    """The two editions named, if the account works for their universities."""
    editions = _editions(data)
    for edition in editions:
        _check(request, edition.home_university_id)
    return editions


@staff_member_required
@require_GET
def diff_page(request: HttpRequest) -> HttpResponse:
    try:
        edition_a, edition_b = _editions_of(request, request.GET)
    except PublishError as exc:
        return _bad_request(request, str(exc))
    result = diff_records(edition_a.records, edition_b.records)
    dropped = find_dropped(edition_b, result.ended)
    return render(
        request,
        "publish/staff_diff.html",
        {
            "edition_a": edition_a,
            "edition_b": edition_b,
            "diff": result,
            "dropped": dropped,
            "standing": sum(d.standing for d in dropped),
            "reason": dropped_reason(edition_b),
        },
    )


@staff_member_required
@permission_required("registry.change_agreement", raise_exception=True)
@require_POST
def end_dropped_page(request: HttpRequest) -> HttpResponse:
    """End agreements a later edition dropped: the first POST (from the
    differences page) shows what will end, the confirmed one ends it."""
    try:
        edition_a, edition_b = _editions_of(request, request.POST)
    except PublishError as exc:
        return _bad_request(request, str(exc))
    query = urlencode({"a": edition_a.pk, "b": edition_b.pk})
    back = f"{reverse('publish:diff')}?{query}"
    ended = diff_records(edition_a.records, edition_b.records).ended
    dropped = find_dropped(edition_b, ended)
    chosen = request.POST.getlist("agreement")
    versions = chosen_versions(dropped, chosen)
    if not versions or len(versions) != len(set(chosen)):
        messages.error(request, NOT_DROPPED)
    elif request.POST.get("confirmed") != "yes":
        picked = [d for d in dropped if d.agreement and d.agreement.pk in versions]
        context = {"edition_a": edition_a, "edition_b": edition_b, "picked": picked}
        context["reason"] = dropped_reason(edition_b)
        return render(request, "publish/staff_end_confirm.html", context)
    else:
        _end(request, edition_b, versions)
    return redirect(back)


NOT_DROPPED = (
    "Choose agreements that the later edition dropped and that are still in "
    "force (the registry may have changed since: check the list again)."
)


def _end(request: HttpRequest, edition: Edition, versions: dict[int, int]) -> None:
    """End the agreements at the versions the confirmation page showed."""
    try:
        seen = {pk: int(request.POST[f"version-{pk}"]) for pk in versions}
        count = end_dropped(edition, seen, by=request.user)
    except (KeyError, ValueError):
        messages.error(request, "Nothing was ended: the confirmation was incomplete.")
    except WriteRefused as exc:
        messages.error(request, f"Nothing was ended: {exc.message}")
    else:
        plural = "s" if count != 1 else ""
        messages.success(
            request,
            f"Ended {count} agreement{plural} on {edition.as_of.isoformat()}: "
            f"the change set “{dropped_reason(edition)}”.",
        )


@staff_member_required
@require_GET
def due_page(request: HttpRequest) -> HttpResponse:
    within_text = request.GET.get("within", "").strip() or f"{DEFAULT_WITHIN_DAYS}d"
    try:
        within = parse_within(within_text)
        home = _home(request)
    except UniversityUnnamed:
        return _choose_university(request)
    except (PublishError, ValueError) as exc:
        return _bad_request(request, str(exc))
    today = datetime.date.today()
    report = due_agreements(
        records_as_of(home, today, with_ids=True, with_lifecycle=True),
        today,
        within_days=within,
    )
    return render(
        request,
        "publish/staff_due.html",
        {"report": report, "within": within_text, "home": home},
    )


@staff_member_required
@permission_required("registry.change_agreement", raise_exception=True)
@require_http_methods(["GET", "POST"])
def mark_page(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """Mark one agreement renewed, renewing automatically, or expired."""
    agreement = queries.agreement(agreement_id)
    if agreement is None:
        raise Http404("no such agreement")
    _check(request, agreement.home_university)
    form = MarkForm(
        request.POST or None,
        initial={"version": agreement.version, "action": "renew"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            messages.success(request, mark(agreement.pk, form, request.user))
            return redirect("publish:due")
        except WriteRefused as exc:
            form.add_error(None, exc.message)
    ends = computed_end(
        valid_from=agreement.valid_from,
        valid_until=agreement.valid_until,
        concluded_on=agreement.concluded_on,
        term_months=agreement.term_months,
    )
    return render(
        request,
        "publish/staff_mark.html",
        {
            "agreement": agreement,
            "record": agreement.record().to_dict(),
            "status": label(agreement.status),
            "term": term_label(agreement.term_months),
            "ends": ends,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
