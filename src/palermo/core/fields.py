"""Model fields whose values are stored encrypted (DESIGN.md rule 4).

Each field keeps a ``text`` column holding a token from :mod:`palermo.core.crypto`; Python code
sees plain values. The token is bound to ``"<app_label>.<ModelName>.<field name>"`` (the
*encryption context*), so a value copied into another column does not decrypt.

Filtering on an encrypted column can never work (every encryption of the same value differs), so
every lookup except ``__isnull`` raises ``FieldError``: look values up through a blind index
column (:func:`palermo.core.crypto.blind_index`) instead.

Renaming a model, an app label or an encrypted field changes the context: either pass the old
one as ``context="app.Model.field"`` or re-encrypt the column in a data migration.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from django import forms
from django.apps import apps
from django.core import checks, validators
from django.core.exceptions import FieldError, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from palermo.core.crypto import decrypt_str, encrypt_str

__all__ = [
    "EncryptedCharField",
    "EncryptedDateField",
    "EncryptedField",
    "EncryptedJSONField",
    "EncryptedTextField",
    "iter_encrypted_fields",
]

# The only lookup that means something on ciphertext: NULL stays NULL.
_ALLOWED_LOOKUPS = frozenset({"isnull"})


class _SealWith:
    """A value on its way to the database, to be sealed with the data key ``key_id``."""

    __slots__ = ("key_id", "value")

    def __init__(self, value: Any, key_id: int) -> None:
        self.value = value
        self.key_id = key_id


class EncryptedField(models.TextField):
    """Base class: a text column holding a token; subclasses convert to and from text.

    Subclasses implement ``_to_text`` (Python value -> plaintext str) and ``_from_text``.
    """

    encrypted: ClassVar[bool] = True
    # Whether "" is stored as "" without encryption (text fields with blank=True). Whether a
    # value is empty is then visible in the database; its content is not.
    empty_string_is_plain: ClassVar[bool] = False

    def __init__(
        self, *args: Any, context: str | None = None, data_key: str | None = None, **kwargs: Any
    ) -> None:
        self._explicit_context = context
        self.encryption_context: str | None = context
        # The name of the row's ForeignKey to core.DataKey: values are then sealed with that
        # subject's own data key (palermo.core.datakeys) so that destroying it shreds them.
        self.data_key_field = data_key
        super().__init__(*args, **kwargs)

    # --- model wiring -------------------------------------------------------------------------

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        if self._explicit_context is None:
            # Derived per concrete model: fields inherited from an abstract base are copied
            # and contributed again, so each table gets its own context.
            self.encryption_context = f"{cls._meta.label}.{self.name}"

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        # The derived context is not written into migrations: it follows from the model's place
        # and would make every rename look like a field change.
        if self._explicit_context is not None:
            kwargs["context"] = self._explicit_context
        return name, path, args, kwargs

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        for attribute in ("unique", "db_index", "primary_key"):
            if getattr(self, attribute):
                errors.append(
                    checks.Error(
                        f"{type(self).__name__} cannot have {attribute}=True: every encryption "
                        "of a value differs, so the database cannot compare them.",
                        hint="Put a unique or indexed blind-index column next to it.",
                        obj=self,
                        id="palermo.E101",
                    )
                )
        return errors

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        if self.data_key_field is None or value is None:
            return value
        key_id = getattr(model_instance, f"{self.data_key_field}_id", None)
        if key_id is None:
            return value
        return _SealWith(value, key_id)

    # --- no filtering on ciphertext -----------------------------------------------------------

    def _refuse(self, lookup_name: str) -> FieldError:
        label = f"{self.model._meta.label}.{self.name}" if hasattr(self, "model") else self.name
        return FieldError(
            f"encrypted field {label} cannot be filtered (lookup {lookup_name!r}); "
            "use its blind index, or __isnull"
        )

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in _ALLOWED_LOOKUPS:
            raise self._refuse(lookup_name)
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        raise self._refuse(lookup_name)

    # --- conversion ---------------------------------------------------------------------------

    def _context(self) -> str:
        if not self.encryption_context:
            raise FieldError(f"{type(self).__name__} {self.name!r} is not attached to a model")
        return self.encryption_context

    def _to_text(self, value: Any) -> str:
        raise NotImplementedError

    def _from_text(self, text: str) -> Any:
        raise NotImplementedError

    def encrypt_value(self, value: Any) -> str | None:
        """The token stored for ``value`` (None stays None)."""
        if value is None:
            return None
        if isinstance(value, _SealWith):
            if self.empty_string_is_plain and value.value == "":
                return ""
            from palermo.core.datakeys import seal_str

            return seal_str(
                self._to_text(value.value), data_key_id=value.key_id, context=self._context()
            )
        if self.empty_string_is_plain and value == "":
            return ""
        return encrypt_str(self._to_text(value), context=self._context())

    def decrypt_value(self, token: str | None) -> Any:
        """The Python value of a stored token (raises DecryptionError, never returns garbage)."""
        if token is None:
            return None
        if self.empty_string_is_plain and token == "":
            return ""
        if token.startswith("s1."):
            from palermo.core.datakeys import open_str

            return self._from_text(open_str(token, context=self._context()))
        return self._from_text(decrypt_str(token, context=self._context()))

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        return self.decrypt_value(value)

    def get_prep_value(self, value: Any) -> Any:
        # Field.get_prep_value resolves lazy translation objects; then encrypt the Python value.
        if isinstance(value, _SealWith):
            return self.encrypt_value(_SealWith(self.to_python(value.value), value.key_id))
        value = models.Field.get_prep_value(self, value)
        return self.encrypt_value(self.to_python(value))

    def value_to_string(self, obj: models.Model) -> Any:
        # Serialisers (dumpdata) get the plain value, as for any other field.
        value = self.value_from_object(obj)
        return None if value is None else self._to_text(value)


class EncryptedTextField(EncryptedField):
    """Free text (a narrative, an address). ``""`` is stored as ``""`` so blank=True works."""

    description = _("Encrypted text")
    empty_string_is_plain = True

    def to_python(self, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def _to_text(self, value: Any) -> str:
        return str(value)

    def _from_text(self, text: str) -> str:
        return text


class EncryptedCharField(EncryptedTextField):
    """A short single-line text (a name, a document number); ``max_length`` limits the plaintext.

    The column is still ``text``: the token is longer than the value it holds.
    """

    description = _("Encrypted string (up to %(max_length)s)")

    def __init__(self, *args: Any, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        if not isinstance(self.max_length, int) or self.max_length <= 0:
            errors.append(
                checks.Error(
                    "EncryptedCharField must define a positive 'max_length'.",
                    obj=self,
                    id="palermo.E102",
                )
            )
        return errors

    def formfield(self, **kwargs: Any) -> Any:
        # A one-line input, as for CharField (TextField's form field is a textarea).
        defaults: dict[str, Any] = {"form_class": forms.CharField, "widget": forms.TextInput}
        defaults.update(kwargs)
        return super().formfield(**defaults)


class EncryptedDateField(EncryptedField):
    """A date (e.g. of birth), encrypted as its ISO text ``YYYY-MM-DD``.

    Dates of *events* are statistical dimensions and stay plain ``DateField`` columns.
    """

    description = _("Encrypted date")
    # The same messages as Django's DateField, so Django's own translations apply.
    default_error_messages = {
        "invalid": _(
            "“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."
        ),
        "invalid_date": _(
            "“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."
        ),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            moment: datetime.datetime = value
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                parsed = parse_date(value)
            except ValueError:
                raise ValidationError(
                    self.error_messages["invalid_date"],
                    code="invalid_date",
                    params={"value": value},
                ) from None
            if parsed is not None:
                return parsed
        raise ValidationError(
            self.error_messages["invalid"], code="invalid", params={"value": value}
        )

    def _to_text(self, value: Any) -> str:
        date = self.to_python(value)
        if date is None:  # "" reaches here only from code that bypassed encrypt_value
            raise ValueError("an empty date has no text form")
        return date.isoformat()

    def _from_text(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)

    def formfield(self, **kwargs: Any) -> Any:
        # Field.formfield, not TextField's: that one adds a textarea and max_length.
        defaults: dict[str, Any] = {"form_class": forms.DateField}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


class EncryptedJSONField(EncryptedField):
    """A JSON document (e.g. a list of contacts), encrypted as one value.

    Python ``None`` is SQL NULL; nothing inside the document can be queried.
    """

    description = _("Encrypted JSON")

    def __init__(
        self,
        *args: Any,
        encoder: type[json.JSONEncoder] | None = None,
        decoder: type[json.JSONDecoder] | None = None,
        **kwargs: Any,
    ) -> None:
        self.encoder = encoder
        self.decoder = decoder
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        if self.encoder is not None:
            kwargs["encoder"] = self.encoder
        if self.decoder is not None:
            kwargs["decoder"] = self.decoder
        return name, path, args, kwargs

    def to_python(self, value: Any) -> Any:
        return value

    def _to_text(self, value: Any) -> str:
        return json.dumps(value, cls=self.encoder or DjangoJSONEncoder, ensure_ascii=False)

    def _from_text(self, text: str) -> Any:
        return json.loads(text, cls=self.decoder)

    def value_to_string(self, obj: models.Model) -> Any:
        return self.value_from_object(obj)

    def formfield(self, **kwargs: Any) -> Any:
        defaults: dict[str, Any] = {
            "form_class": forms.JSONField,
            "encoder": self.encoder,
            "decoder": self.decoder,
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


def iter_encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedField]]:
    """Every (model, encrypted field) pair with its own column, across installed apps.

    Proxy models are skipped (they share their parent's table) and a multi-table child lists
    only its own columns, so each column appears exactly once.
    """
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedField):
                yield model, field
