"""The Russian and Belarusian catalogues: complete, compiled, and faithful to their placeholders.

The .po files are the source; the committed .mo files are what Django reads (so that a machine
without GNU gettext still shows the translations). See docs/translations.md for the workflow.
No database is needed here.
"""

from __future__ import annotations

import gettext as gnu_gettext
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LANGUAGES = ["ru", "be"]
# The East Slavic rule with three forms (1, 21 / 2-4, 22-24 / 0, 5-20, 25...), exactly as written
# in the headers; Django's own catalogues use a four-form variant and both coexist per catalogue.
PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(lang: str) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / "django.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


# --- A small .po reader (the standard library has none and polib is not a dependency) ---------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 for a singular entry
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


_ESCAPES = dict(zip('ntr"\\abfv', '\n\t\r"\\\a\b\f\v', strict=True))


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"{where}: expected a quoted string, got {text!r}")
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def parse_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header (msgid "") included; obsolete ones are marked."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # the field that continuation lines extend

    def finish() -> None:
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path}:{number}"
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                continue  # the previous msgid of an obsolete fuzzy entry
        if not line:
            finish()
            continue
        # A comment, msgctxt or msgid after a msgstr begins the next entry.
        begins = line.startswith("#") or line.startswith(("msgctxt ", "msgid "))
        if begins and target is not None and target[0] == "msgstr":
            finish()
        if line.startswith("#"):
            if current is None:
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        if current is None:
            current = Entry(line=number)
        current.obsolete = current.obsolete or obsolete
        match = _KEYWORD.match(line)
        if match:
            keyword, index, quoted = match.groups()
            value = _unquote(quoted, where)
            if keyword.startswith("msgstr"):
                n = int(index) if index is not None else 0
                current.msgstr[n], target = value, ("msgstr", n)
            else:
                setattr(current, keyword, value)
                target = (keyword, 0)
        elif line.startswith('"') and target is not None:
            value = _unquote(line, where)
            name, n = target
            if name == "msgstr":
                current.msgstr[n] += value
            else:
                setattr(current, name, getattr(current, name) + value)
        else:
            raise ValueError(f"{where}: cannot read {raw!r}")
    finish()
    return entries


def active_entries(lang: str) -> list[Entry]:
    return [e for e in parse_po(po_path(lang)) if not e.obsolete]


def messages(lang: str) -> list[Entry]:
    """The translatable entries (not the header, not obsolete ones)."""
    return [e for e in active_entries(lang) if e.msgid != ""]


def _header_fields(text: str) -> dict[str, str]:
    fields = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return fields


def header(lang: str) -> dict[str, str]:
    """The header's fields, names in lower case."""
    head = next(e for e in active_entries(lang) if e.msgid == "" and e.msgctxt is None)
    return _header_fields(head.msgstr[0])


def _label(entry: Entry) -> str:
    ctx = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"line {entry.line}: {ctx}{entry.msgid!r}"


def expected_catalog(lang: str) -> dict[object, str]:
    """What a .mo built from the .po must contain, keyed as gettext.GNUTranslations keys it."""
    catalog: dict[object, str] = {}
    for e in active_entries(lang):
        if "fuzzy" in e.flags and e.msgid != "":
            continue
        msgid = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural is None:
            if e.msgstr.get(0):
                catalog[msgid] = e.msgstr[0]
        elif all(e.msgstr.values()):
            for n, text in e.msgstr.items():
                catalog[(msgid, n)] = text
    return catalog


def load_mo(path: Path) -> dict[object, str]:
    with path.open("rb") as fp:
        return dict(gnu_gettext.GNUTranslations(fp)._catalog)  # type: ignore[attr-defined]


def comparable(catalog: dict[object, str]) -> tuple[dict[object, str], dict[str, str]]:
    """The messages, and the header fields gettext acts on (msgfmt drops POT-Creation-Date)."""
    texts = {k: v for k, v in catalog.items() if k != ""}
    fields = _header_fields(catalog.get("", ""))
    return texts, {k: fields.get(k, "") for k in ("language", "content-type", "plural-forms")}


# --- Placeholders ----------------------------------------------------------------------------

_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa]")
_TEMPLATE_VAR = re.compile(r"\{\{\s*(.*?)\s*\}\}")


def placeholders(text: str) -> set[str]:
    """%(name)s, %s, %d and {{ var }} in a message (a literal %% is not a placeholder)."""
    text = text.replace("%%", "")
    found = set(_PERCENT.findall(text))
    found.update(f"{{{{ {name} }}}}" for name in _TEMPLATE_VAR.findall(text))
    return found


def _translations(entry: Entry) -> Iterator[tuple[str, str]]:
    """(source, translation) pairs whose placeholders must match."""
    if entry.msgid_plural is None:
        yield entry.msgid, entry.msgstr.get(0, "")
    else:
        # Every form must carry the number: in ru/be the "singular" form serves 21, 31, ... too.
        for n in sorted(entry.msgstr):
            yield entry.msgid_plural, entry.msgstr[n]


# --- Tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_files_exist(lang: str) -> None:
    assert po_path(lang).is_file(), (
        f"missing {po_path(lang)}: run makemessages (docs/translations.md)"
    )
    assert mo_path(lang).is_file(), (
        f"missing {mo_path(lang)}: run compilemessages (docs/translations.md)"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header(lang: str) -> None:
    fields = header(lang)
    assert fields.get("language") == lang
    assert fields.get("content-type") == "text/plain; charset=UTF-8"
    assert fields.get("plural-forms") == PLURAL_FORMS
    head = next(e for e in active_entries(lang) if e.msgid == "")
    assert "fuzzy" not in head.flags, "the header is still marked fuzzy"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(lang: str) -> None:
    entries = messages(lang)
    assert entries, f"{po_path(lang)} has no messages"
    fuzzy = [_label(e) for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"{lang}: fuzzy entries (check, correct, then drop the flag): {fuzzy}"
    untranslated = []
    for e in entries:
        forms = 1 if e.msgid_plural is None else 3
        if sorted(e.msgstr) != list(range(forms)) or not all(e.msgstr.values()):
            untranslated.append(_label(e))
    assert not untranslated, f"{lang}: untranslated or missing plural forms: {untranslated}"


def test_both_languages_have_the_same_messages() -> None:
    ru, be = ({e.key for e in messages(lang)} for lang in LANGUAGES)
    assert ru - be == set(), "in ru but not in be: run makemessages for both languages"
    assert be - ru == set(), "in be but not in ru: run makemessages for both languages"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept(lang: str) -> None:
    wrong = []
    for e in messages(lang):
        for source, text in _translations(e):
            if text and placeholders(text) != placeholders(source):
                wrong.append(
                    f"{_label(e)}: {sorted(placeholders(source))} != {sorted(placeholders(text))} in {text!r}"
                )
    assert not wrong, f"{lang}: placeholders differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_committed_mo_matches_the_po(lang: str) -> None:
    """Pure Python, so it runs everywhere: the .mo Django reads has exactly the .po's messages."""
    assert comparable(load_mo(mo_path(lang))) == comparable(expected_catalog(lang)), (
        f"{mo_path(lang)} is out of date: run compilemessages (docs/translations.md)"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_msgfmt_accepts_the_po_and_builds_the_committed_mo(lang: str, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip(
            "GNU gettext's msgfmt is not installed; the pure-Python .mo comparison still ran"
        )
    built = tmp_path / "django.mo"
    # --check also validates python-format strings and the header, as compilemessages does.
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(built), str(po_path(lang))], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert comparable(load_mo(mo_path(lang))) == comparable(load_mo(built)), (
        f"{mo_path(lang)} differs from a fresh compile of the .po: run compilemessages"
    )


@pytest.mark.parametrize(("lang", "cases"), [("ru", "Дела"), ("be", "Справы"), ("en", "Cases")])
def test_case_list_heading(lang: str, cases: str) -> None:
    with translation.override(lang):
        assert translation.gettext("Cases") == cases


# n: (ru, be). 11-14 take the "many" form; 21, 22 follow 1, 2.
PLURAL_CASES = {
    1: ("1 дело", "1 справа"),
    2: ("2 дела", "2 справы"),
    5: ("5 дел", "5 спраў"),
    11: ("11 дел", "11 спраў"),
    12: ("12 дел", "12 спраў"),
    21: ("21 дело", "21 справа"),
    22: ("22 дела", "22 справы"),
    25: ("25 дел", "25 спраў"),
    111: ("111 дел", "111 спраў"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_follow_the_number(lang: str) -> None:
    """Our three-form rule works beside Django's own four-form ru/be catalogues."""
    column = LANGUAGES.index(lang)
    with translation.override(lang):
        for n, texts in PLURAL_CASES.items():
            text = translation.ngettext("%(counter)s case", "%(counter)s cases", n)
            assert text % {"counter": n} == texts[column]


def test_terminology() -> None:
    """A few fixed terms (docs/translations.md) that UI tests and users rely on."""
    terms = {
        "Log in": ("Войти", "Увайсці"),
        "Log out": ("Выйти", "Выйсці"),
        "Patronymic": ("Отчество", "Імя па бацьку"),
        "Sex / gender": ("Пол", "Пол"),
        "Stateless": ("Лицо без гражданства", "Асоба без грамадзянства"),
        "Register a presumed victim": (
            "Зарегистрировать предполагаемую жертву",
            "Зарэгістраваць меркаваную ахвяру",
        ),
    }
    for english, (ru, be) in terms.items():
        with translation.override("ru"):
            assert translation.gettext(english) == ru
        with translation.override("be"):
            assert translation.gettext(english) == be
