"""One seam between requests and services (see docs/architecture.md, "Actions").

An action's input is declared once (``declare.param`` on a dataclass); ``Action`` names its
access helper and service; ``form_page``/``post_button`` serve it as HTML and ``api_action`` as
JSON, both mapping a service's refusal (``Refusal``) the same way."""

from palermo.core.actions.action import Action, request_actor
from palermo.core.actions.api import api_action
from palermo.core.actions.declare import Param, param
from palermo.core.actions.forms import ActionForm, DateInput, form_for
from palermo.core.actions.html import form_page, post_button
from palermo.core.actions.refusals import Refusal, by_field
from palermo.core.actions.serializers import ActionSerializer, serializer_for

__all__ = [
    "Action",
    "ActionForm",
    "ActionSerializer",
    "DateInput",
    "Param",
    "Refusal",
    "api_action",
    "by_field",
    "form_for",
    "form_page",
    "param",
    "post_button",
    "request_actor",
    "serializer_for",
]
