"""The case list: filters, sort orders, pages, saved searches and exports; and the assignment
of a case worker."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.models import Agency
from palermo.accounts.roles import Cap
from palermo.accounts.second_factor import has_recent_second_factor, step_up_redirect
from palermo.cases.access import (
    access_case,
    can_see_identity,
    identity_visible,
    load_visibility,
    owns_case,
    visible_parts,
)
from palermo.cases.exports import content_disposition, export_cases
from palermo.cases.filters import SORTS, CaseFilter, saved_params, worker_choices_for
from palermo.cases.models import Case, SavedCaseSearch
from palermo.cases.queries import search_cases
from palermo.cases.services import (
    assignable_workers,
    can_assign_worker,
    do_assign_case_worker,
    do_delete_case_search,
    do_save_case_search,
    record_identity_view,
    saved_searches_for,
)
from palermo.core.access import deny, get_or_404
from palermo.core.spreadsheet import FORMATS
from palermo.jurisdictions.pack import get_pack

PAGE_SIZE = 25


def region_name(code: str) -> str:
    region = get_pack().region(code)
    return region.name() if region else code


def _require_reader(actor: Actor) -> None:
    if not actor.can_any(Cap.CASE_VIEW_AGENCY, Cap.CASE_VIEW_NATIONAL):
        raise deny()


def _source(request: HttpRequest, actor: Actor) -> tuple[QueryDict, SavedCaseSearch | None]:
    """The list's parameters: posted (the search form posts, so that a name searched for stays
    out of URLs and logs), a saved search (``?saved=<id>``), or the query string."""
    if request.method == "POST":
        return request.POST, None
    saved_id = request.GET.get("saved")
    if saved_id:
        saved = get_or_404(saved_searches_for(actor), pk=saved_id)
        data = QueryDict(mutable=True)
        for key, value in saved.params.items():
            data[key] = str(value)
        return data, saved
    return request.GET, None


def filtered_cases(request: HttpRequest, actor: Actor, source: QueryDict) -> CaseFilter:
    """The actor's cases matching the search and the filters (invalid filters are left out and
    shown by their field). A column header's ``sort_by`` replaces the current ``sort``."""
    if source.get("sort_by"):
        source = source.copy()
        source["sort"] = source.get("sort_by", "")
    cases = search_cases(actor, source.get("q", ""))
    return CaseFilter(source, queryset=cases, request=request)


def _sort_columns(current: str) -> list[dict[str, str]]:
    """Each sortable column with the value its header button sends (flipping the direction of
    the column sorted by now)."""
    columns = []
    for _field, param in SORTS:
        if current == param:
            value, direction = f"-{param}", "ascending"
        elif current == f"-{param}":
            value, direction = param, "descending"
        else:
            value, direction = param, ""
        columns.append({"param": param, "value": value, "direction": direction})
    return columns


@login_required
@require_http_methods(["GET", "POST"])
def case_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    _require_reader(actor)
    source, saved = _source(request, actor)
    query = source.get("q", "")
    filterset = filtered_cases(request, actor, source)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(source.get("page"))
    show_identity = can_see_identity(actor)
    shown = []
    load_visibility(actor, page.object_list)
    for case in page.object_list:
        # Per row: a referred case shows only what its referrals share.
        row: Any = case
        row.identity_visible = identity_visible(actor, case)
        row.show_exploitation = "exploitation" in visible_parts(actor, case)
        row.owned = owns_case(actor, case)
        row.region_label = region_name(case.region)
        if row.identity_visible:
            shown.append(case)
    record_identity_view(actor=actor, cases=shown, purpose="case list")
    params = saved_params(filterset)
    sort = params.get("sort", "")
    context: dict[str, Any] = {
        "page": page,
        "query": query,
        "filter": filterset,
        "params": params,
        "sort": sort,
        "columns": {c["param"]: c for c in _sort_columns(sort)},
        "saved": saved,
        "show_identity": show_identity,
        "can_register": actor.can(Cap.CASE_REGISTER),
        "formats": FORMATS,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "cases/_case_table.html", context)
    choices = [(name, params[name]) for name in CHOICE_FILTERS if name in params]
    context["choice_values"] = choices
    context["choice_params"] = urlencode(choices)
    return render(request, "cases/case_list.html", context)


# Filters whose choices come from the database: the list page loads them on their own.
CHOICE_FILTERS = ("owning_agency", "identifying_agency", "assigned_worker")


@login_required
def case_filter_choices(request: HttpRequest) -> HttpResponse:
    """The agency and case-worker selects of the filter form, with the values now chosen."""
    actor = request_actor(request)
    _require_reader(actor)
    context: dict[str, Any] = {name: request.GET.get(name, "") for name in CHOICE_FILTERS}
    context["agencies"] = list(Agency.objects.all())
    context["workers"] = list(worker_choices_for(actor))
    return render(request, "cases/_filter_choices.html", context)


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    _require_reader(actor)
    current = request.GET.get("saved", "")
    return render(
        request,
        "cases/_saved_searches.html",
        {
            "saved_searches": list(saved_searches_for(actor)),
            "current": int(current) if current.isdigit() else None,
        },
    )


@login_required
@require_POST
def case_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered now, as CSV or XLSX. Identities only when ticked, for a role that
    may see them, after a fresh second factor."""
    actor = request_actor(request)
    _require_reader(actor)
    fmt = request.POST.get("format", "")
    if fmt not in FORMATS:
        raise Http404
    identities = request.POST.get("identities") in ("on", "1", "true")
    if identities and not can_see_identity(actor):
        raise deny()
    if identities and not has_recent_second_factor(request):
        messages.info(request, _("Confirm a code from your authenticator app, then export again."))
        return step_up_redirect(request)
    filterset = filtered_cases(request, actor, request.POST)
    try:
        file = export_cases(
            actor=actor,
            cases=filterset.qs,
            fmt=fmt,
            identities=identities,
            filters=saved_params(filterset),
            searched=bool(request.POST.get("q", "").strip()),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("cases:list")
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition(file)
    return response


@login_required
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    _require_reader(actor)
    filterset = filtered_cases(request, actor, request.POST)
    try:
        search = do_save_case_search(
            actor=actor, name=request.POST.get("name", ""), params=saved_params(filterset)
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("cases:list")
    messages.success(request, _("Search “%(name)s” saved.") % {"name": search.name})
    return redirect(f"{_list_url()}?{urlencode({'saved': search.pk})}")


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, search_id: int) -> HttpResponse:
    actor = request_actor(request)
    _require_reader(actor)
    search = get_or_404(saved_searches_for(actor), pk=search_id)
    do_delete_case_search(actor=actor, search=search)
    messages.success(request, _("Search “%(name)s” deleted.") % {"name": search.name})
    return redirect("cases:list")


def _list_url() -> str:
    from django.urls import reverse

    return reverse("cases:list")


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    """Assigns (or changes, or removes) the case worker: the owning agency's editors."""
    actor = request_actor(request)
    case: Case = access_case(actor, case_id)
    if not can_assign_worker(actor, case):
        raise deny()
    workers = list(assignable_workers(case))
    error = ""
    if request.method == "POST":
        raw = request.POST.get("worker", "")
        worker = next((w for w in workers if str(w.pk) == raw), None)
        if raw and worker is None:
            error = _("Choose a case worker of the agency that owns the case.")
        else:
            try:
                do_assign_case_worker(actor=actor, case=case, worker=worker)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                if worker is None:
                    messages.success(request, _("No case worker is assigned now."))
                else:
                    messages.success(
                        request,
                        _("%(name)s is the assigned case worker.")
                        % {"name": worker.get_full_name() or worker.get_username()},
                    )
                return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/case_assign.html",
        {"case": case, "workers": workers, "error": error},
        status=400 if error else 200,
    )
