"""Forms of the case file: notes, corrections, attachments, flags. The services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from palermo.cases.forms.parts import ServiceForm
from palermo.cases.models import Visibility
from palermo.cases.services import AttachmentInput, NoteInput, flag_rules


class NoteForm(ServiceForm):
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Stored encrypted. A note cannot be edited later, only corrected."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Visibility.choices,
        initial=Visibility.AGENCY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the case page holds the attachment form too, with fields of the same name.
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)

    def note_input(self) -> NoteInput:
        return NoteInput(
            text=self.cleaned_data.get("text") or "",
            visibility=self.cleaned_data.get("visibility") or "",
        )


class CorrectionForm(ServiceForm):
    text = forms.CharField(
        label=_("Correction"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AttachmentForm(ServiceForm):
    file = forms.FileField(label=_("File"), required=False)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False)
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Visibility.choices,
        initial=Visibility.AGENCY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "attachment_%s")
        super().__init__(*args, **kwargs)

    def attachment_input(self) -> AttachmentInput:
        return AttachmentInput(
            file=self.cleaned_data.get("file"),
            description=self.cleaned_data.get("description") or "",
            visibility=self.cleaned_data.get("visibility") or "",
        )


class FlagForm(ServiceForm):
    code = forms.ChoiceField(label=_("Flag"), choices=())

    def __init__(
        self, *args: object, exclude: frozenset[str] = frozenset(), **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        rules = flag_rules()
        lang = get_language()
        self.fields["code"].choices = [  # type: ignore[attr-defined]
            (kind.code, kind.name(lang))
            for kind in (rules.kinds if rules else ())
            if kind.code not in exclude
        ]
