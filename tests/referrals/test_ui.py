"""The pages as a user meets them: the directory, referring, answering without a page reload."""

from __future__ import annotations

from django.urls import reverse

from palermo.accounts.models import Agency
from palermo.core.models import Notification
from palermo.referrals.models import Referral, ServiceOffering

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_directory_filters_by_service_and_region(client_for, directory):
    client = client_for("officer_minsk")
    html = client.get(reverse("referrals:directory"), {"service": "legal"}).content.decode()
    assert "Road Home" in html and "IOM Mission in Belarus" in html
    assert "Free medical services" not in html.split("<tbody>")[1]
    # The Gomel NGO serves Gomel Oblast only; IOM the whole country.
    brest = client.get(
        reverse("referrals:directory"), {"service": "legal", "region": "BY-BR"}, **HTMX
    ).content.decode()
    assert "<html" not in brest  # htmx gets the table only
    assert "IOM Mission in Belarus" in brest and "Road Home" not in brest
    medical = client.get(reverse("referrals:directory"), {"service": "free_medical_care"})
    assert "Ministry of Health Regulation No. 41 of 28.04.2012" in medical.content.decode()


def test_referring_picks_the_agency_from_the_directory(client_for, minsk_case, directory):
    client = client_for("officer_minsk")
    form = client.get(reverse("referrals:send", args=[minsk_case.pk])).content.decode()
    assert "Services needed" in form and "Refer to" in form
    partial = client.get(
        reverse("referrals:send_agencies", args=[minsk_case.pk]),
        {"services": ["shelter", "psychological_help"], "region": "BY-HM"},
        **HTMX,
    ).content.decode()
    assert "Minsk Centre for Protection and Assistance" in partial
    assert "Road Home" not in partial  # it offers no shelter
    centre = Agency.objects.get(catalogue_code="minsk_assistance_centre")
    response = client.post(
        reverse("referrals:send", args=[minsk_case.pk]),
        {
            "services": ["shelter", "psychological_help"],
            "region": "BY-HM",
            "to_agency": centre.pk,
            "reason": "additional_services_required",
            "urgency": "emergency",
            "details": "Arrives by train tonight.",
            "share": ["identity", "exploitation"],
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert referral.to_agency == centre and referral.urgency == "emergency"
    page = client.get(response["Location"]).content.decode()
    assert "Emergency" in page and "Law No. 350-Z, Art. 21" in page
    assert "Belarus pack, procedural rule 2" in page


def test_a_bad_referral_form_says_what_is_wrong(client_for, minsk_case, directory):
    response = client_for("officer_minsk").post(
        reverse("referrals:send", args=[minsk_case.pk]), {"reason": "other", "urgency": "routine"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one service." in html
    assert "Choose the agency to refer the case to." in html
    assert Referral.objects.count() == 0


def test_accepting_with_htmx_swaps_the_status_only(referral, client_for):
    client = client_for("caseworker_gomel")
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert f'hx-post="/referrals/{referral.pk}/accept/"' in detail
    response = client.post(
        reverse("referrals:accept", args=[referral.pk]), {"version": referral.version}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="referral-status"' in html
    assert "Status: Accepted" in html and "Referral accepted." in html
    assert "Mark as completed" in html
    # A second click (a stale page) gets a clear message in place, nothing changes.
    again = client.post(
        reverse("referrals:decline", args=[referral.pk]),
        {"version": referral.version, "reason": "x"},
        **HTMX,
    ).content.decode()
    assert 'role="alert"' in again
    assert "Someone else changed this record" in again
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


def test_declining_without_a_reason_shows_the_error_in_place(referral, client_for):
    html = (
        client_for("caseworker_gomel")
        .post(reverse("referrals:decline", args=[referral.pk]), {"reason": ""}, **HTMX)
        .content.decode()
    )
    assert "Say why the referral is declined." in html
    assert Referral.objects.get(pk=referral.pk).status == "sent"


def test_without_htmx_the_answer_redirects_with_a_message(referral, client_for):
    client = client_for("caseworker_gomel")
    response = client.post(reverse("referrals:accept", args=[referral.pk]), follow=True)
    assert "Referral accepted. The referring agency has been told." in response.content.decode()


def test_an_agency_administrator_manages_its_entries(agency_admin, client, directory):
    client.force_login(agency_admin.user)
    response = client.post(
        reverse("referrals:offering_new"),
        {"service_type": "legal", "regions": ["BY-HM"], "notes": "Duty lawyer", "is_active": "on"},
    )
    assert response.status_code == 302
    entry = ServiceOffering.objects.get(agency=agency_admin.agency, service_type="legal")
    assert entry.region_codes == ["BY-HM"] and not entry.national
    again = client.post(reverse("referrals:offering_new"), {"service_type": "legal"})
    assert "already lists this service" in again.content.decode()
    edit = client.post(
        reverse("referrals:offering_edit", args=[entry.pk]),
        {"service_type": "legal", "regions": [], "notes": "", "version": entry.version},
    )
    assert edit.status_code == 302
    entry.refresh_from_db()
    assert entry.national and not entry.is_active and entry.version == 2
    # Inactive entries leave the directory for everyone else.
    html = client.get(reverse("referrals:directory"), {"service": "legal"}).content.decode()
    assert "inactive" in html


def test_the_inbox_lists_incoming_and_outgoing(referral, client_for):
    incoming = client_for("caseworker_gomel").get(reverse("referrals:inbox")).content.decode()
    assert referral.reference in incoming
    outgoing = (
        client_for("officer_minsk")
        .get(reverse("referrals:inbox"), {"box": "outgoing"})
        .content.decode()
    )
    assert referral.reference in outgoing
    none = client_for("officer_minsk").get(reverse("referrals:inbox")).content.decode()
    assert referral.reference not in none  # nothing was referred to the CT unit


def test_notifications_page_and_unread_count(referral, client_for):
    client = client_for("caseworker_gomel")
    html = client.get(reverse("referrals:notifications")).content.decode()
    assert f"Referral {referral.reference}" in html and "needs your answer" in html
    assert "Шаўчэнка" not in html
    note = Notification.objects.get(recipient_agency=referral.to_agency)
    row = client.post(
        reverse("referrals:notification_read", args=[note.pk]), **HTMX
    ).content.decode()
    assert "<html" not in row and "Mark as read" not in row
    note.refresh_from_db()
    assert note.read_at is not None
    opened = client.post(reverse("referrals:notification_open", args=[note.pk]))
    assert opened["Location"] == reverse("referrals:detail", args=[referral.pk])
    # Another agency cannot touch it.
    assert (
        client_for("outsider")
        .post(reverse("referrals:notification_read", args=[note.pk]))
        .status_code
        == 404
    )


def test_the_header_snippet_counts_unread(referral, client_for, rf, actor):
    from django.template import Context, Template

    from palermo.core.notifications import unread_notifications

    request = rf.get("/")
    request.actor = actor("caseworker_gomel")
    context = Context(unread_notifications(request))
    html = Template('{% include "referrals/_notifications_link.html" %}').render(context)
    assert '<span class="badge">1<span class="visually-hidden"> unread</span></span>' in html
    request.actor = actor("officer_minsk")
    html = Template('{% include "referrals/_notifications_link.html" %}').render(
        Context(unread_notifications(request))
    )
    assert "badge" not in html


def test_dashboard_panels(referral, client_for):
    html = client_for("caseworker_gomel").get(reverse("referrals:dashboard")).content.decode()
    assert "Referrals awaiting your answer" in html and referral.reference in html
    sender = client_for("officer_minsk").get(reverse("referrals:dashboard")).content.decode()
    awaiting = sender.split('id="dash-incoming"', 1)[1].split('id="dash-overdue"', 1)[0]
    assert referral.reference not in awaiting
