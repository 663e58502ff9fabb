"""Country names in Belarusian: our own catalogue for django-countries' names.

django-countries ships a Russian catalogue but no Belarusian one, so without
src/palermo/locale_extra/be/LC_MESSAGES/django.po the `be` interface would show "Belarus",
"Russia", "Poland" in English. That catalogue is found through LOCALE_PATHS (settings.py);
see "Country names in Belarusian" in docs/translations.md for how to regenerate it.
No database is needed here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django_countries import Countries, countries
from django_countries.data import COUNTRIES

import palermo
from tests.test_translations import PLURAL_FORMS, _header_fields, load_mo, parse_po

EXTRA_LOCALE_DIR = Path(palermo.__file__).resolve().parent / "locale_extra"
PO = EXTRA_LOCALE_DIR / "be" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

CYRILLIC = re.compile(r"[А-Яа-яЁёІіЎў]")
# Codes whose Belarusian name may legitimately have no Cyrillic letter. None today: every
# country and territory has a name in Belarusian Cyrillic.
NO_CYRILLIC_ALLOWED: set[str] = set()

REGENERATE = "regenerate the catalogue: docs/translations.md, 'Country names in Belarusian'"


def country_msgids() -> set[str]:
    """Every country name django-countries marks for translation, with its common and old names."""
    with translation.override("en"):
        names = {str(name) for name in COUNTRIES.values()}
        names |= {str(name) for name in Countries.COMMON_NAMES.values()}
        names |= {str(name) for old in Countries.OLD_NAMES.values() for name in old}
    return names


def po_messages() -> dict[str, str]:
    return {e.msgid: e.msgstr.get(0, "") for e in parse_po(PO) if e.msgid != "" and not e.obsolete}


def test_locale_extra_is_in_locale_paths() -> None:
    paths = [Path(p).resolve() for p in settings.LOCALE_PATHS]
    assert EXTRA_LOCALE_DIR in paths, (
        f"settings.LOCALE_PATHS must include {EXTRA_LOCALE_DIR} (after BASE_DIR / 'locale'), "
        f"or country names stay English in the be interface; it is {settings.LOCALE_PATHS}"
    )


def test_catalogue_header_and_entries() -> None:
    entries = [e for e in parse_po(PO) if not e.obsolete]
    head = next(e for e in entries if e.msgid == "")
    fields = _header_fields(head.msgstr[0])
    assert fields.get("language") == "be"
    assert fields.get("content-type") == "text/plain; charset=UTF-8"
    assert fields.get("plural-forms") == PLURAL_FORMS
    bad = [
        e.msgid
        for e in entries
        if e.msgid and ("fuzzy" in e.flags or not e.msgstr.get(0) or e.msgctxt is not None)
    ]
    assert not bad, f"fuzzy, empty or context-bound entries in {PO}: {bad}"


def test_catalogue_has_exactly_the_country_names_of_django_countries() -> None:
    expected, present = country_msgids(), set(po_messages())
    assert expected - present == set(), f"names missing from {PO}; {REGENERATE}"
    assert present - expected == set(), f"names django-countries no longer uses; {REGENERATE}"


def test_committed_mo_matches_the_po() -> None:
    mo = {k: v for k, v in load_mo(MO).items() if k != ""}
    assert mo == po_messages(), f"{MO} is out of date: msgfmt --check -o django.mo django.po"


def test_msgfmt_accepts_the_po_and_builds_the_committed_mo(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed; the pure-Python .mo check still ran")
    built = tmp_path / "django.mo"
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(built), str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert load_mo(MO) == load_mo(built), f"{MO} differs from a fresh compile of {PO}"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("BY", "Беларусь"),
        ("RU", "Расія"),
        ("PL", "Польшча"),
        ("LT", "Літва"),
        ("LV", "Латвія"),
        ("UA", "Украіна"),
        ("DE", "Германія"),
        ("CZ", "Чэхія"),
        ("TR", "Турцыя"),
        ("AE", "Аб'яднаныя Арабскія Эміраты"),
        ("VN", "В'етнам"),
        ("NL", "Нідэрланды"),
        ("GE", "Грузія"),
    ],
)
def test_name_in_belarusian(code: str, name: str) -> None:
    with translation.override("be"):
        assert countries.name(code) == name


def test_every_country_has_a_belarusian_name() -> None:
    """Both the drop-down (iteration) and a stored code (name()) come out in Cyrillic."""
    with translation.override("en"):
        english = dict(countries)
    with translation.override("be"):
        listed = dict(countries)
        named = {code: countries.name(code) for code in english}
    assert set(listed) == set(english)
    wrong = [
        f"{code}: {names[code]!r}"
        for names in (listed, named)
        for code in english
        if code not in NO_CYRILLIC_ALLOWED
        and (names[code] == english[code] or not CYRILLIC.search(names[code]))
    ]
    assert not wrong, f"country names not in Belarusian: {wrong}"


def test_every_name_variant_is_translated() -> None:
    """Official, common and old names alike (django-countries falls back to old names)."""
    with translation.override("be"):
        wrong = [
            msgid
            for msgid in sorted(country_msgids())
            if not CYRILLIC.search(translation.gettext(msgid))
        ]
    assert not wrong, f"no Belarusian translation for: {wrong}"


@pytest.mark.parametrize(
    ("lang", "belarus", "poland"), [("en", "Belarus", "Poland"), ("ru", "Беларусь", "Польша")]
)
def test_other_languages_keep_their_names(lang: str, belarus: str, poland: str) -> None:
    with translation.override(lang):
        assert (countries.name("BY"), countries.name("PL")) == (belarus, poland)
