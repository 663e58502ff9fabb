from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.jurisdictions.pack import get_pack
from palermo.portal.antiabuse import HONEYPOT_FIELD
from palermo.portal.models import PortalPage
from palermo.portal.services import PAGE_FIELDS, PageInput


class TipForm(forms.Form):
    """The public tip form: nothing personal is required."""

    region = forms.ChoiceField(label=_("Where did it happen? (region)"), required=False)
    what_happened = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_(
            "Describe what you saw or heard: a job offer, an agency, a place, what worries you. "
            "You do not have to give any name."
        ),
    )
    contact = forms.CharField(
        label=_("How can we reach you? (optional)"),
        required=False,
        max_length=200,
        help_text=_("Only if you want us to contact you: a phone number or an e-mail address."),
    )
    # The honeypot: hidden from people (CSS, aria-hidden, no tab stop); bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("I do not know / prefer not to say"))] + [  # type: ignore[attr-defined]
            (r.code, r.name()) for r in get_pack().regions
        ]
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def visible_public_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("region", "what_happened", "contact")]


class PageForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PortalPage
        fields = list(PAGE_FIELDS)
        widgets = {
            f"body_{lang}": forms.Textarea(attrs={"rows": 12}) for lang in ("en", "ru", "be")
        }
        help_texts = {
            "body_en": _(
                "Plain text. Blank line: new paragraph; “# ” heading; “- ” list item; "
                "**bold**; [text](https://…) link. No HTML."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in ("title_en", "body_en", "slug"):
            self.fields[name].required = False  # the service says what is missing, once

    def _post_clean(self) -> None:  # the service validates; the model form must not save or check
        pass

    def page_input(self) -> PageInput:
        d = self.cleaned_data
        values = {n: d.get(n) or "" for n in PAGE_FIELDS if n.startswith(("slug", "title", "body"))}
        position = d.get("position")
        return PageInput(
            **values,
            is_published=bool(d.get("is_published")),
            show_on_home=bool(d.get("show_on_home")),
            position=100 if position is None else position,
        )

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
