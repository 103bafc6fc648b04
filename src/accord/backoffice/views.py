"""Staff pages beyond the Django admin: recent changes (with revert), likely
duplicate institutions (with merge), merges (with undo).

Reading needs a staff account with the viewer role (or more); every write is a
POST with a CSRF token and checks the permission of the role that may do it.
Each write has its confirmation page: the GET of the write's own URL says what
will happen and holds the form that POSTs it (no script needed). The pages write
through `registry.audit`, `registry.merging` and `registry.services` only.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accord.backoffice import uploads
from accord.backoffice.forms import ImportForm
from accord.core.errors import ImportInputError
from accord.importer.importing import (
    ImportOutcome,
    import_upload,
    replaces_corrected_edition,
)
from accord.importer.sources import max_bytes
from accord.registry import audit, scopes
from accord.registry.duplicates import (
    DEFAULT_THRESHOLD,
    find_duplicates,
    identifier_keys,
)
from accord.registry.exceptions import InvalidWrite, WriteRefused
from accord.registry.merging import merge_institutions, unmerge_institutions
from accord.registry.models import (
    Country,
    Edition,
    HomeUniversity,
    Institution,
    InstitutionMerge,
)
from accord.registry.scopes import NotPermitted
from accord.registry.services import import_reason

View = Callable[..., HttpResponse]


def staff_with(*permissions: str) -> Callable[[View], View]:
    """Staff only (anonymous -> login page); 403 without every permission."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perms(permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return staff_member_required(checked)

    return decorate


CAN_VIEW = "registry.view_agreement"
CAN_MERGE = ("registry.add_institutionmerge", "registry.change_institution")


@staff_with(CAN_VIEW)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/index.html", {})


@staff_with(CAN_VIEW)
@require_GET
def changes(request: HttpRequest) -> HttpResponse:
    filters = {
        name: request.GET.get(name, "").strip() for name in ("reason", "user", "model")
    }
    if filters["model"] not in ("", *audit.TRACKED):
        filters["model"] = ""
    context = {
        "changes": audit.recent_changes(
            reason=filters["reason"],
            user=filters["user"],
            model=filters["model"],
            viewer=request.user,
        ),
        "change_sets": audit.change_sets(viewer=request.user),
        "filters": filters,
        "models": {
            key: str(model._meta.verbose_name) for key, model in audit.TRACKED.items()
        },
    }
    return render(request, "backoffice/changes.html", context)


@staff_with(CAN_VIEW)
@require_http_methods(["GET", "POST"])
def revert(request: HttpRequest, model: str, history_id: int) -> HttpResponse:
    """GET: what the revert will undo; POST: undo it."""
    if model not in audit.TRACKED:
        raise PermissionDenied
    if not request.user.has_perm(f"registry.change_{model}"):
        raise PermissionDenied
    if request.method == "GET":
        try:
            record = audit.find_record(model, history_id)
            audit.check_scope(model, record, request.user)
            change = audit.describe(model, record)
        except NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        except InvalidWrite as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:changes")
        return render(request, "backoffice/confirm_revert.html", {"change": change})
    try:
        audit.revert_change(model, history_id, by=request.user)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except WriteRefused as exc:
        messages.error(request, f"Change #{history_id} was not reverted: {exc.message}")
    else:
        messages.success(request, f"Change #{history_id} reverted.")
    return redirect("backoffice:changes")


@staff_with(CAN_VIEW, "registry.change_agreement", "registry.change_institution")
@require_http_methods(["GET", "POST"])
def revert_set(request: HttpRequest) -> HttpResponse:
    """GET: the changes a change set made; POST: undo them all, or none."""
    reason = request.POST.get("reason", request.GET.get("reason", "")).strip()
    if request.method == "GET":
        changes = (
            audit.recent_changes(limit=1000, reason=reason, viewer=request.user)
            if reason
            else []
        )
        if not changes:
            messages.error(request, f"There is no change set {reason!r}.")
            return redirect("backoffice:changes")
        context = {"reason": reason, "changes": changes}
        return render(request, "backoffice/confirm_revert_set.html", context)
    try:
        undone = audit.revert_change_set(reason, by=request.user)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except WriteRefused as exc:
        messages.error(request, f"Nothing was reverted: {exc.message}")
        return redirect(changes_of(reason))
    messages.success(request, f"Reverted the {undone} changes of “{reason}”.")
    return redirect(changes_of(audit.change_set_reason(reason)))


def changes_of(reason: str) -> str:
    return f"{reverse('backoffice:changes')}?{urlencode({'reason': reason})}"


@staff_with(CAN_VIEW)
@require_GET
def duplicates(request: HttpRequest) -> HttpResponse:
    try:
        threshold = float(request.GET.get("threshold", DEFAULT_THRESHOLD))
    except ValueError:
        threshold = DEFAULT_THRESHOLD
    threshold = min(max(threshold, 50.0), 100.0)
    rows = institution_rows()
    pairs = find_duplicates(rows.values(), threshold=threshold)
    countries = dict(Country.objects.values_list("pk", "name"))
    context = {
        "pairs": [(pair, countries[rows[pair.first_id][3]]) for pair in pairs],
        "threshold": threshold,
        "can_merge": request.user.has_perms(CAN_MERGE),
    }
    return render(request, "backoffice/duplicates.html", context)


IdentifiedRow = tuple[int, str, list[str], int, tuple[str, ...]]


def institution_rows() -> dict[int, IdentifiedRow]:
    identifiers = ("ror_id", "erasmus_code", "schac_code", "website")
    rows: dict[int, IdentifiedRow] = {
        pk: (pk, name, [], country, identifier_keys(*found))
        for pk, name, country, *found in Institution.objects.values_list(
            "pk", "name", "country_id", *identifiers
        )
    }
    for pk, alias in Institution.objects.values_list("pk", "aliases__name"):
        if alias:
            rows[pk][2].append(alias)
    return rows


@staff_with(*CAN_MERGE)
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest) -> HttpResponse:
    """GET: the two institutions and what will move; POST: merge them."""
    data = request.POST if request.method == "POST" else request.GET
    try:
        keep, away = int(data["keep"]), int(data["merge_away"])
    except (KeyError, ValueError):
        messages.error(request, "Choose the institution to keep and the one to merge.")
        return redirect("backoffice:duplicates")
    if request.method == "GET":
        return confirm_merge(request, keep, away)
    try:
        done = merge_institutions(keep, away, by=request.user)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except WriteRefused as exc:
        messages.error(request, f"Not merged: {exc.message}")
        return redirect("backoffice:duplicates")
    messages.success(request, f"Merged: {done}. Undo it below if that was wrong.")
    return redirect("backoffice:merges")


def confirm_merge(request: HttpRequest, keep: int, away: int) -> HttpResponse:
    found = {
        institution.pk: institution
        for institution in Institution.objects.filter(pk__in=(keep, away))
        .select_related("country")
        .prefetch_related("aliases")
        .annotate(
            agreement_count=Count("agreements", distinct=True),
            joint_count=Count("joint_agreements", distinct=True),
        )
    }
    if keep == away or len(found) != 2:
        messages.error(request, "Choose two different institutions that exist.")
        return redirect("backoffice:duplicates")
    context = {"keep": found[keep], "away": found[away]}
    return render(request, "backoffice/confirm_merge.html", context)


@staff_with(CAN_VIEW)
@require_GET
def merges(request: HttpRequest) -> HttpResponse:
    context = {
        "merges": InstitutionMerge.objects.select_related(
            "kept", "merged_by", "undone_by"
        )[:200],
        "can_undo": request.user.has_perm("registry.change_institutionmerge"),
    }
    return render(request, "backoffice/merges.html", context)


@staff_with("registry.change_institutionmerge", "registry.change_institution")
@require_http_methods(["GET", "POST"])
def undo_merge(request: HttpRequest, merge_id: int) -> HttpResponse:
    """GET: the merge that will be undone; POST: undo it."""
    if request.method == "GET":
        merge = get_object_or_404(
            InstitutionMerge.objects.select_related("kept", "merged_by"), pk=merge_id
        )
        return render(request, "backoffice/confirm_undo.html", {"merge": merge})
    try:
        restored = unmerge_institutions(merge_id, by=request.user)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except WriteRefused as exc:
        messages.error(request, f"Not undone: {exc.message}")
    else:
        messages.success(request, f"Merge undone: {restored} is back.")
    return redirect("backoffice:merges")


# Importing writes an edition and its agreements (and may add institutions).
CAN_IMPORT = (
    "registry.add_edition",
    "registry.change_edition",
    "registry.add_agreement",
    "registry.change_agreement",
    "registry.add_institution",
)


@staff_with(*CAN_IMPORT)
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    """GET: the upload form; POST: keep the list and show what importing it
    would do (the same import, rolled back)."""
    if request.method == "POST" and _too_large(request):
        refused = (
            f"The upload is larger than the {max_bytes():,} bytes lists are read "
            "up to (ACCORD_IMPORT_MAX_BYTES)."
        )
        context = {"form": ImportForm(request.user), "refused": refused}
        return render(request, "backoffice/import.html", context, status=400)
    form = ImportForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "GET" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "backoffice/import.html", {"form": form}, status=status)
    home = form.cleaned_data["home_university"]
    staged = uploads.stage(
        form.cleaned_data["file"],
        home_university_id=home.pk,
        uploaded_by_id=_account(request),
        edition_date=form.cleaned_data["edition_date"],
        date_order=form.cleaned_data["date_order"],
    )
    try:
        return _preview(request, staged)
    except ImportInputError as exc:
        uploads.discard(staged)
        if exc.field == "edition_date":
            form.add_error(
                "edition_date",
                "The list states no as-of date: give the date it is as of.",
            )
        else:
            form.add_error("file", str(exc))
        return render(request, "backoffice/import.html", {"form": form}, status=400)
    except Exception:
        uploads.discard(staged)
        raise


def _too_large(request: HttpRequest) -> bool:
    """Whether the request's body is past what a list may be (and the form's
    other fields): refused before Django spools it to disk."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > max_bytes() + 64 * 1024


@staff_with(*CAN_IMPORT)
@require_http_methods(["GET", "POST"])
def staged_import(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the preview again; POST: import the list (`store`), or forget it
    (`discard`)."""
    staged = uploads.find(token, _account(request))
    if staged is None:
        messages.error(request, "That upload is gone: upload the list again.")
        return redirect("backoffice:import")
    if request.method == "GET":
        return _preview(request, staged)
    if "discard" in request.POST:
        uploads.discard(staged)
        messages.info(request, f"“{staged.original_name}” was not imported.")
        return redirect("backoffice:import")
    if "store" not in request.POST:
        return HttpResponseBadRequest("Say whether to store or discard the list.")
    home = _home_for(request, staged)
    try:
        refusal = _refusal(staged, home, request.POST, request.user)
        if refusal:
            messages.error(request, f"Nothing was imported: {refusal}")
            return _preview(request, staged, status=400)
        outcome = _import(staged, home, dry_run=False, force=True, by=request.user)
    except ImportInputError as exc:
        messages.error(request, f"Nothing was imported: {exc}")
        return redirect("backoffice:import-staged", token=staged.token)
    uploads.discard(staged)
    summary = outcome.summaries[0]
    assert summary.edition_id is not None  # stored, not a dry run
    edition = Edition.objects.defer("packed_records").get(pk=summary.edition_id)
    messages.success(
        request,
        f"Imported {staged.original_name} as {edition}: {summary.created} "
        f"agreements added, {summary.updated} changed, {summary.unchanged} "
        f"unchanged, {len(summary.vanished)} no longer listed.",
    )
    return redirect(changes_of(import_reason(edition)))


def _refusal(
    staged: uploads.StagedList, home: HomeUniversity, form: Any, by: Any
) -> str | None:
    """Why the list may not be stored as the form asks, or None. The list is
    read again (the database may have changed since the preview): anomalies
    that stop an import are stored only when they are the ones the preview
    showed and their box was ticked."""
    check = _import(staged, home, dry_run=True, force=True, by=by)
    if replaces_corrected_edition(home, check.summaries[0].as_of, check):
        return CORRECTED_EDITION
    blocking = check.result.report.blocking()
    if not blocking:
        return None
    if form.get("acknowledged") != "yes":
        return (
            "confirm that the list is to be stored with the anomalies below unresolved."
        )
    if form.get("reviewed") != anomalies_seen(blocking):
        return (
            "the list now reads with other anomalies than those you confirmed "
            "(the registry changed since): read them below, and confirm again."
        )
    return None


CORRECTED_EDITION = (
    "the edition stored for this date was imported with corrections, which a "
    "list uploaded here does not carry: importing it would read wrongly again "
    "what they set right. Import it with `accord import LIST --corrections FILE`."
)


def anomalies_seen(anomalies: Any) -> str:
    """A fingerprint of the anomalies a preview showed (what the box that
    confirms them stands for)."""
    seen = "\n".join(f"{a.code}|{a.lines}|{a.seen}" for a in anomalies)
    return hashlib.sha256(seen.encode()).hexdigest()


def _import(
    staged: uploads.StagedList,
    home: HomeUniversity,
    *,
    dry_run: bool,
    force: bool,
    by: Any = None,
) -> ImportOutcome:
    return import_upload(
        staged.path,
        home,
        source_name=staged.original_name,
        edition_date=staged.as_of,
        date_order=staged.date_order,
        dry_run=dry_run,
        force=force,
        by=by,
    )


def _account(request: HttpRequest) -> int:
    """The signed-in staff account's id (`staff_with` let no one else in)."""
    assert request.user.pk is not None
    return int(request.user.pk)


def _home_for(request: HttpRequest, staged: uploads.StagedList) -> HomeUniversity:
    home = get_object_or_404(
        HomeUniversity.objects.select_related("country"),
        pk=staged.home_university_id,
    )
    if not scopes.acts_for(request.user, home):
        raise PermissionDenied
    return home


def _preview(
    request: HttpRequest, staged: uploads.StagedList, status: int = 200
) -> HttpResponse:
    home = _home_for(request, staged)
    # The import itself, by this account, rolled back: what storing would do,
    # even when the report would stop it.
    outcome = _import(staged, home, dry_run=True, force=True, by=request.user)
    result = outcome.result
    summary = outcome.summaries[0]
    anomalies = sorted(
        result.report.unresolved(),
        key=lambda a: (SEVERITY_ORDER.get(a.severity, 9), a.lines, a.code),
    )
    by_level = Counter(record.level for record in result.reconciled)
    context = {
        "staged": staged,
        "home": home,
        "summary": summary,
        "edition": result.edition,
        "as_of": summary.as_of,
        "replaces": Edition.objects.filter(
            home_university=home, as_of=summary.as_of
        ).exists(),
        "checksums": result.checksums,
        "university_count": by_level["university"],
        "department_count": by_level["department"],
        "anomalies": anomalies,
        "blocking": result.report.blocking(),
        "reviewed": anomalies_seen(result.report.blocking()),
        "corrected_edition": (
            CORRECTED_EDITION
            if replaces_corrected_edition(home, summary.as_of, outcome)
            else ""
        ),
        "severities": Counter(a.severity for a in anomalies),
    }
    return render(request, "backoffice/import_preview.html", context, status=status)


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
