"""Statistics pages: the figures (exact inside, with the published preview), releases."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.accounts.actor import request_actor
from palermo.core.errors import ConflictError
from palermo.core.feedback import apply_form, flash_errors, service_errors
from palermo.jurisdictions.pack import get_pack
from palermo.stats.access import (
    access_published_file,
    access_release,
    can_publish,
    releases_for,
    require_statistics,
)
from palermo.stats.downloads import file_response
from palermo.stats.figures.labels import TABLES, table_text
from palermo.stats.forms import PrepareReleaseForm, ReleaseTextsForm
from palermo.stats.presentation import figures_for, parse_filters, shown_tables
from palermo.stats.services import (
    do_prepare_release,
    do_publish_release,
    do_update_release_texts,
    release_data,
)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require_statistics(actor)
    params: dict[str, str] = {key: request.GET.get(key, "") for key in request.GET}
    pack = get_pack()
    context: dict[str, object] = {
        "params": params,
        "regions": pack.regions,
        "agency_kinds": pack.agency_kinds,
        "rule": pack.disclosure,
        "published_view": params.get("view") == "published",
    }
    try:
        filters = parse_filters(params)
    except ValidationError as exc:
        context["errors"] = service_errors(exc)
        return render(request, "stats/statistics.html", context, status=400)
    data = figures_for(filters)
    context.update(
        filters=filters,
        tables=shown_tables(data, exact=params.get("view") != "published"),
        period_before=filters.period.year_before(),
    )
    return render(request, "stats/statistics.html", context)


@login_required
def release_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require_statistics(actor)
    form = PrepareReleaseForm(request.POST or None)
    if request.method == "POST":
        if not can_publish(actor):
            return redirect("stats:releases")
        done = {}

        def prepare(data: dict[str, object]) -> None:
            done["release"] = do_prepare_release(actor=actor, year=int(str(data["year"])))

        if apply_form(
            request,
            form,
            prepare,
            done=_("The release is prepared: check what will be published, then publish."),
            invalid=_("Give a year between 1990 and 2100."),
        ):
            return redirect("stats:release", release_id=done["release"].pk)
    return render(
        request,
        "stats/release_list.html",
        {"releases": releases_for(actor), "form": form, "can_publish": can_publish(actor)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    actor = request_actor(request)
    release = access_release(actor, release_id)
    form = ReleaseTextsForm(
        initial={
            "evaluation": release.evaluation,
            "recommendations": release.recommendations,
            "version": release.version,
        }
    )
    return render(
        request,
        "stats/release_detail.html",
        {
            "release": release,
            "tables": shown_tables(release_data(release), exact=False),
            "form": form,
            "can_publish": can_publish(actor) and not release.is_published,
            "files": release.files.defer("content") if release.is_published else [],
            "audits": [
                (table_text(key).title, summary)
                for key, summary in release.audit.items()
                if key in TABLES
            ],
        },
    )


@login_required
@require_POST
def release_texts(request: HttpRequest, release_id: int) -> HttpResponse:
    actor = request_actor(request)
    release = access_release(actor, release_id, write=True)
    form = ReleaseTextsForm(request.POST)
    apply_form(
        request,
        form,
        lambda data: do_update_release_texts(
            actor=actor,
            release=release,
            evaluation=str(data["evaluation"]),
            recommendations=str(data["recommendations"]),
            version=int(str(data["version"])),
        ),
        done=_("The texts are saved."),
        invalid=_("The texts could not be saved: each can have at most 20,000 characters."),
    )
    return redirect("stats:release", release_id=release.pk)


@login_required
@require_POST
def release_publish(request: HttpRequest, release_id: int) -> HttpResponse:
    actor = request_actor(request)
    release = access_release(actor, release_id, write=True)
    try:
        do_publish_release(actor=actor, release=release)
    except (ValidationError, ConflictError) as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The release is published on the public portal."))
    return redirect("stats:release", release_id=release.pk)


@login_required
def release_file(request: HttpRequest, release_id: int, file_id: int) -> HttpResponse:
    actor = request_actor(request)
    release = access_release(actor, release_id)
    if not release.is_published:
        messages.error(request, _("Only a published release has files."))
        return redirect("stats:release", release_id=release.pk)
    return file_response(access_published_file(release, file_id))
