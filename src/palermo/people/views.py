"""HTML views of duplicate detection: possible matches (htmx partial for the registration form),
contact requests between agencies, and the administrators' review, compare, merge and unmerge."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from palermo.accounts.actor import request_actor
from palermo.accounts.second_factor import (
    has_recent_second_factor,
    require_recent_second_factor,
    step_up_url,
)
from palermo.core.access import deny
from palermo.core.errors import ConflictError
from palermo.people.access import (
    access_contact_request,
    access_merge,
    access_person_for_merge,
    access_suspected_duplicate,
    can_check_duplicates,
    can_handle_contact_requests,
    can_merge_persons,
    contact_requests_for,
    merges_for,
    persons_for,
    suspected_duplicates_for,
)
from palermo.people.disclosure import disclosed_matches
from palermo.people.forms import (
    AnswerContactRequestForm,
    ContactRequestForm,
    MatchQueryForm,
    MergeForm,
)
from palermo.people.matching import Identity, reason_labels, score
from palermo.people.models import DuplicateScan, Person, SuspectedDuplicate
from palermo.people.services import (
    do_answer_contact_request,
    do_check_duplicates,
    do_dismiss_suspected_duplicate,
    do_merge_persons,
    do_request_contact,
    do_scan_duplicates,
    do_unmerge_persons,
    record_person_comparison,
)

PAGE_SIZE = 25


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for messages_ in exc.message_dict.values() for m in messages_]
    return list(exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def possible_matches(request: HttpRequest) -> HttpResponse:
    """The "possible matches" box of the registration form (an htmx partial).

    Takes the registration form's person fields (GET query or POST body); a person being edited
    is left out with ``exclude_person``.
    """
    actor = request_actor(request)
    if not can_check_duplicates(actor):
        raise deny()
    source = request.POST if request.method == "POST" else request.GET
    form = MatchQueryForm(source)
    context: dict[str, Any] = {"form": form, "report": None, "errors": []}
    if form.is_valid():
        exclude = source.get("exclude_person") or ""
        # Only a person the actor may see can be left out (no probing by id).
        exclude_id = (
            persons_for(actor).filter(pk=int(exclude)).values_list("pk", flat=True).first()
            if exclude.isdigit()
            else None
        )
        try:
            context["report"] = do_check_duplicates(
                actor=actor, data=form.person_input(), exclude_person_id=exclude_id
            )
            context["matches"] = disclosed_matches(actor, context["report"])
        except ValidationError as exc:
            context["errors"] = _errors(exc)
    else:
        context["errors"] = form.error_lines()
    return render(request, "people/_possible_matches.html", context)


@login_required
@require_POST
def contact_request_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_check_duplicates(actor):
        raise deny()
    # From the possible-matches box each hint's fields carry a prefix ("hint2-token"), because
    # the box sits inside the registration form, next to the other hints.
    hint = request.POST.get("hint", "")
    form = ContactRequestForm(request.POST, prefix=f"hint{hint}" if hint.isdigit() else None)
    error = ""
    sent = None
    if form.is_valid():
        try:
            sent = do_request_contact(
                actor=actor, token=form.cleaned_data["token"], message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            error = " ".join(_errors(exc))
    else:
        error = " ".join(str(m) for errs in form.errors.values() for m in errs)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "people/_contact_sent.html", {"sent": sent, "error": error}, status=200
        )
    if sent is not None:
        messages.success(
            request,
            _("Your request was sent to %(agency)s.") % {"agency": sent.target_agency.name},
        )
    else:
        messages.error(request, error)
    return redirect("people:contact_requests")


@login_required
@require_GET
def contact_requests(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_handle_contact_requests(actor):
        raise deny()
    scoped = contact_requests_for(actor).prefetch_related("persons__cases")
    incoming = list(scoped.filter(target_agency=actor.agency)[:100])
    outgoing = list(scoped.filter(requesting_agency=actor.agency)[:100])
    rows = []
    for item in incoming:
        cases = [
            c.reference
            for p in item.persons.all()
            for c in p.cases.all()
            if c.owning_agency_id == item.target_agency_id
        ]
        rows.append({"request": item, "cases": sorted(cases)})
    return render(
        request,
        "people/contact_requests.html",
        {"incoming": rows, "outgoing": outgoing, "answer_form": AnswerContactRequestForm()},
    )


@login_required
@require_POST
def contact_request_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = request_actor(request)
    item = access_contact_request(actor, request_id, answer=True)
    form = AnswerContactRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose answered or declined."))
        return redirect("people:contact_requests")
    try:
        do_answer_contact_request(actor=actor, request=item, status=form.cleaned_data["status"])
    except (ValidationError, ConflictError) as exc:
        messages.error(
            request, " ".join(_errors(exc)) if isinstance(exc, ValidationError) else str(exc)
        )
    else:
        messages.success(request, _("The request is closed."))
    return redirect("people:contact_requests")


# --- administrators: suspected duplicates, compare, merge, unmerge ------------------------------


@login_required
@require_GET
def duplicates(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_merge_persons(actor):
        raise deny()
    scan = DuplicateScan.objects.filter(finished_at__isnull=False).first()
    pairs = suspected_duplicates_for(actor).none()
    if scan is not None:
        pairs = suspected_duplicates_for(actor).filter(
            scan=scan, status=SuspectedDuplicate.Status.OPEN
        )
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"pair": p, "reasons": reason_labels(p.reasons)} for p in page.object_list]
    return render(request, "people/duplicates.html", {"scan": scan, "page": page, "rows": rows})


@login_required
@require_POST
def duplicates_scan(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_merge_persons(actor):
        raise deny()
    scan = do_scan_duplicates(actor=actor)
    messages.success(
        request,
        _("Scan finished: %(persons)d persons checked, %(pairs)d suspected pairs.")
        % {"persons": scan.persons_checked, "pairs": scan.pairs_found},
    )
    return redirect("people:duplicates")


@login_required
@require_POST
def duplicate_dismiss(request: HttpRequest, pair_id: int) -> HttpResponse:
    actor = request_actor(request)
    pair = access_suspected_duplicate(actor, pair_id)
    try:
        do_dismiss_suspected_duplicate(actor=actor, pair=pair)
    except ConflictError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Marked as two different persons."))
    return redirect("people:duplicates")


def _person_column(person: Person) -> dict[str, Any]:
    return {"person": person, "cases": list(person.cases.select_related("owning_agency"))}


@login_required
@require_http_methods(["GET", "POST"])
def compare(request: HttpRequest, a: int, b: int) -> HttpResponse:
    """Two persons side by side; merge one into the other."""
    actor = request_actor(request)
    first = access_person_for_merge(actor, a)
    second = access_person_for_merge(actor, b)
    if request.method == "POST" and not has_recent_second_factor(request):
        return redirect(step_up_url(request.get_full_path()))  # a merge asks for a fresh code
    form = MergeForm(request.POST or None, initial={"survivor": first.pk})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["survivor"] not in (first.pk, second.pk):
            form.add_error(None, _("Choose which of the two persons to keep."))
        else:
            survivor = first if form.cleaned_data["survivor"] == first.pk else second
            merged = second if survivor is first else first
            try:
                do_merge_persons(
                    actor=actor,
                    survivor=survivor,
                    merged=merged,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            except ConflictError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(merged)s was merged into %(survivor)s.")
                    % {"merged": merged.reference, "survivor": survivor.reference},
                )
                return redirect("people:merges")
    record_person_comparison(actor=actor, persons=[first, second])
    result = score(Identity.of(first), Identity.of(second))
    return render(
        request,
        "people/compare.html",
        {
            "columns": [_person_column(first), _person_column(second)],
            "first": first,
            "second": second,
            "score": result.score,
            "reasons": reason_labels(result.reasons),
            "form": form,
        },
    )


@login_required
@require_GET
def merges(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not can_merge_persons(actor):
        raise deny()
    page = Paginator(merges_for(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/merges.html", {"page": page})


@login_required
@require_POST
@require_recent_second_factor
def unmerge(request: HttpRequest, merge_id: int) -> HttpResponse:
    actor = request_actor(request)
    merge = access_merge(actor, merge_id)
    try:
        do_unmerge_persons(actor=actor, merge=merge)
    except ConflictError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The merge was undone: %(person)s has its cases back.")
            % {"person": merge.merged.reference},
        )
    return redirect("people:merges")
