"""The case list's filters and sort orders (django-filter), shared by the HTML list, the API and
the exports. Every filter narrows ``cases_for(actor)``: none widens what an agency sees, and
none matches on a part of a referred case that its referrals do not share."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.actor import Actor, request_actor
from palermo.accounts.models import Agency, User
from palermo.accounts.roles import ROLES, Cap
from palermo.cases.models import Case
from palermo.cases.services.decisions import latest_overdue_identification
from palermo.cases.vocab import OPEN_STATUSES, CaseStatus, ExploitationForm, TraffickingStatus
from palermo.jurisdictions.pack import get_pack
from palermo.people.vocab import Gender

# The referral statuses that leave a referral open (referrals.vocab.OPEN_STATUSES): the cases app
# is below the referrals app, so it names the reverse relation and the values, not the model.
OPEN_REFERRAL_STATUSES = ("sent", "accepted")

SORTS = (
    ("reference", "reference"),
    ("trafficking_status", "trafficking_status"),
    ("status", "status"),
    ("identified_on", "identified_on"),
    ("region", "region"),
    ("owning_agency__name", "agency"),
    ("assigned_worker__last_name", "worker"),
)

# The filter fields a saved search keeps and an export records (never ``q``: a name searched for
# stays out of the database and the audit log).
SAVABLE_FIELDS = (
    "status",
    "case_status",
    "region",
    "owning_agency",
    "identifying_agency",
    "exploitation_form",
    "sex",
    "age",
    "identified_from",
    "identified_to",
    "overdue",
    "open_referral",
    "referred",
    "assigned_worker",
    "mine",
    "sort",
)


def region_choices() -> list[tuple[str, str]]:
    return [(r.code, r.name()) for r in get_pack().regions]


def _case_roles() -> list[str]:
    return [code for code, role in ROLES.items() if Cap.CASE_VIEW_AGENCY in role.capabilities]


def worker_choices_for(actor: Actor) -> QuerySet[User]:
    """Users a list may be filtered by: the actor's agency's case workers (every agency's for
    national roles)."""
    users = User.objects.filter(
        memberships__is_active=True, memberships__role__in=_case_roles()
    ).distinct()
    if not actor.can(Cap.CASE_VIEW_NATIONAL):
        agency = actor.agency
        users = users.filter(memberships__agency_id=agency.pk if agency else 0)
    return users.order_by("last_name", "first_name", "id")


class _Checkbox(django_filters.BooleanFilter):
    """A filter that applies when ticked (``true``/``1`` in the API) and does nothing otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)


class CaseFilter(django_filters.FilterSet):
    # ``status`` is the trafficking status, as it always was in this list and its API.
    status = django_filters.ChoiceFilter(
        empty_label=_("Any"),
        label=_("Trafficking status"),
        field_name="trafficking_status",
        choices=TraffickingStatus.choices,
    )
    case_status = django_filters.ChoiceFilter(
        empty_label=_("Any"),
        label=_("Case status"),
        field_name="status",
        choices=CaseStatus.choices,
    )
    region = django_filters.ChoiceFilter(
        empty_label=_("Any"), label=_("Region"), choices=region_choices
    )
    owning_agency = django_filters.ModelChoiceFilter(
        empty_label=_("Any"), label=_("Owning agency"), queryset=Agency.objects.all()
    )
    identifying_agency = django_filters.ModelChoiceFilter(
        empty_label=_("Any"), label=_("Identifying agency"), queryset=Agency.objects.all()
    )
    exploitation_form = django_filters.ChoiceFilter(
        empty_label=_("Any"),
        label=_("Form of exploitation"),
        choices=ExploitationForm.choices,
        method="filter_form",
    )
    sex = django_filters.ChoiceFilter(
        empty_label=_("Any"), label=_("Sex"), field_name="person__gender", choices=Gender.choices
    )
    age = django_filters.ChoiceFilter(
        empty_label=_("Any"),
        label=_("Minor or adult"),
        choices=[("minor", _("Minor")), ("adult", _("Adult"))],
        method="filter_age",
    )
    identified_from = django_filters.DateFilter(
        label=_("Identified from"),
        field_name="identified_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    identified_to = django_filters.DateFilter(
        label=_("Identified until"),
        field_name="identified_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    overdue = _Checkbox(label=_("Status decision overdue"), method="filter_overdue")
    open_referral = _Checkbox(label=_("With an open referral"), method="filter_open_referral")
    referred = _Checkbox(label=_("Referred to my agency"), method="filter_referred")
    assigned_worker = django_filters.ModelChoiceFilter(
        empty_label=_("Any"), label=_("Assigned case worker"), queryset=User.objects.none()
    )
    mine = _Checkbox(label=_("My cases"), method="filter_mine")
    sort = django_filters.OrderingFilter(label=_("Sort by"), fields=SORTS)

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        if request is None:
            raise ValueError("CaseFilter needs the request: its choices depend on the actor")
        self.actor = request_actor(request)
        self.filters["assigned_worker"].queryset = worker_choices_for(self.actor)

    def _own_agency_pk(self) -> int | None:
        return getattr(self.actor.agency, "pk", None)

    def filter_form(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        matching = qs.filter(exploitation_forms__form=value)
        if not self.actor.can(Cap.CASE_VIEW_NATIONAL):
            # A referred case matches only where its referrals share the exploitation facts
            # (the annotations of cases.access.with_visibility); without them, own cases only.
            shared = Q(owning_agency_id=self._own_agency_pk())
            annotated = qs.query.annotations
            if "share_via_exploitation" in annotated and "share_via_consent" in annotated:
                shared |= Q(share_via_exploitation=True, share_via_consent=True)
            matching = matching.filter(shared)
        return qs.filter(pk__in=matching.values("pk"))

    def filter_age(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        return qs.filter(is_minor=(value == "minor"))

    def filter_overdue(self, qs: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        if not value:
            return qs
        return qs.filter(
            trafficking_status=TraffickingStatus.POSSIBLE,
            status__in=OPEN_STATUSES,
            identified_on__lte=latest_overdue_identification(timezone.localdate()),
        )

    def filter_open_referral(self, qs: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        if not value:
            return qs
        open_referrals = Case.objects.filter(referrals__status__in=OPEN_REFERRAL_STATUSES)
        if not self.actor.can(Cap.CASE_VIEW_NATIONAL):
            # Only referrals the agency is party to: another agency's referral of a case
            # referred to us is none of our business.
            agency = self._own_agency_pk()
            open_referrals = Case.objects.filter(
                Q(referrals__from_agency_id=agency) | Q(referrals__to_agency_id=agency),
                referrals__status__in=OPEN_REFERRAL_STATUSES,
            )
        return qs.filter(pk__in=open_referrals.values("pk"))

    def filter_referred(self, qs: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        if not value:
            return qs
        return qs.exclude(owning_agency_id=self._own_agency_pk())

    def filter_mine(self, qs: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        if not value:
            return qs
        return qs.filter(assigned_worker_id=self.actor.user.pk)


def saved_params(filterset: CaseFilter) -> dict[str, str]:
    """The valid, non-empty filter values of a bound filter set, as text (for saved searches,
    the audit of exports and hidden form fields)."""
    data = filterset.data
    errors = filterset.form.errors if filterset.is_bound else {}
    params: dict[str, str] = {}
    for name in SAVABLE_FIELDS:
        if name in errors:
            continue
        value = data.get(name, "")
        if value in ("", None, "false", "False", "0", "off"):
            continue
        params[name] = str(value)
    return params
