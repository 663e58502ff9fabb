"""The agency's notifications (the header shows how many are unread)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.accounts.actor import request_actor
from palermo.core.access import deny
from palermo.core.notifications import (
    access_notification,
    do_mark_all_read,
    do_mark_read,
    notifications_for,
)
from palermo.core.notifications import (
    render as render_notification,
)
from palermo.referrals.views._util import is_htmx

PAGE_SIZE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if actor.agency is None:
        raise deny()
    qs = notifications_for(actor)
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(n, render_notification(n)) for n in page.object_list]
    return render(
        request,
        "referrals/notifications.html",
        {"page": page, "rows": rows, "unread_only": bool(request.GET.get("unread"))},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    actor = request_actor(request)
    notification = do_mark_read(
        actor=actor, notification=access_notification(actor, notification_id)
    )
    if is_htmx(request):
        return render(
            request,
            "referrals/_notification_row.html",
            {"n": notification, "text": render_notification(notification)},
        )
    return redirect("referrals:notifications")


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Marks the notification read and goes to what it is about."""
    actor = request_actor(request)
    notification = do_mark_read(
        actor=actor, notification=access_notification(actor, notification_id)
    )
    link = notification.link if notification.link.startswith("/") else ""
    return redirect(link or "referrals:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if actor.agency is None:
        raise deny()
    count = do_mark_all_read(actor=actor)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("referrals:notifications")
