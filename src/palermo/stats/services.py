"""Every change to the statistics: preparing, editing and publishing a release (DESIGN.md
rule 1), and building the report documents."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.actor import Actor
from palermo.core.audit import record
from palermo.core.errors import ConflictError
from palermo.jurisdictions.pack import get_pack
from palermo.jurisdictions.sections_stats import DisclosureRule
from palermo.stats.access import can_publish
from palermo.stats.figures.period import MAX_YEAR, MIN_YEAR
from palermo.stats.models import Release, ReleaseFile
from palermo.stats.release_data import (
    ReleaseData,
    audit_problems,
    build_release_data,
    dump,
    load,
    rule_as_dict,
)
from palermo.stats.reports.content import build_content
from palermo.stats.reports.pdf import render_pdf
from palermo.stats.reports.sheets import render_csv, render_xlsx

FORMATS = ("pdf", "xlsx", "csv")
MAX_TEXT = 20000


def disclosure_rule() -> DisclosureRule:
    rule = get_pack().disclosure
    if rule is None:
        raise ValidationError(
            _("The jurisdiction pack sets no disclosure rule: nothing can be published.")
        )
    return rule


def validate_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {
                "year": [
                    _("Give a year between %(low)s and %(high)s.")
                    % {"low": MIN_YEAR, "high": MAX_YEAR}
                ]
            }
        )
    return year


def _require_publisher(actor: Actor) -> None:
    if not can_publish(actor):
        raise ValidationError(_("Your role cannot prepare or publish statistical releases."))


def _validate_texts(evaluation: str, recommendations: str) -> tuple[str, str]:
    errors = {}
    for name, value in (("evaluation", evaluation), ("recommendations", recommendations)):
        if len(value) > MAX_TEXT:
            errors[name] = [_("At most 20,000 characters.")]
    if errors:
        raise ValidationError(errors)
    return evaluation.strip(), recommendations.strip()


@transaction.atomic
def do_prepare_release(*, actor: Actor, year: int) -> Release:
    """Computes the year's figures, protects them and keeps them as the year's draft release.

    Preparing again refreshes the same draft (its texts stay), so a retried request makes one
    draft, not two."""
    _require_publisher(actor)
    year = validate_year(year)
    rule = disclosure_rule()
    data, audits = build_release_data(year, rule)
    exact, published = dump(data)
    release = (
        Release.objects.select_for_update().filter(year=year, state=Release.State.DRAFT).first()
    )
    if release is None:
        release = Release(year=year, prepared_by=actor.user)
    else:
        release.version += 1
    release.tables, release.published = exact, published
    release.rule, release.audit = rule_as_dict(rule), audits
    release.prepared_by, release.prepared_at = actor.user, timezone.now()
    try:
        with transaction.atomic():
            release.save()
    except IntegrityError:  # another request created this year's draft a moment ago
        raise ConflictError(
            _("Someone else is preparing this year's release; try again.")
        ) from None
    record(
        "stats.release_prepared",
        actor=actor,
        obj=release,
        data={"year": year, "tables": [t.key for t in data.tables], "rule": release.rule},
    )
    return release


@transaction.atomic
def do_update_release_texts(
    *, actor: Actor, release: Release, evaluation: str, recommendations: str, version: int
) -> Release:
    """The National Rapporteur's evaluation and recommendations, written into a draft."""
    _require_publisher(actor)
    evaluation, recommendations = _validate_texts(evaluation or "", recommendations or "")
    locked = Release.objects.select_for_update().get(pk=release.pk)
    if locked.is_published:
        raise ValidationError(_("A published release cannot be changed."))
    if locked.version != version:
        raise ConflictError(_("Someone else changed this release meanwhile; reload it."))
    changed = [
        name
        for name, value in (("evaluation", evaluation), ("recommendations", recommendations))
        if getattr(locked, name) != value
    ]
    locked.evaluation, locked.recommendations = evaluation, recommendations
    locked.version += 1
    locked.save(update_fields=["evaluation", "recommendations", "version"])
    record("stats.release_texts_updated", actor=actor, obj=locked, data={"changed": changed})
    return locked


def release_data(release: Release) -> ReleaseData:
    return load(release.tables, release.published)


def render_document(
    data: ReleaseData,
    *,
    rule: DisclosureRule,
    language: str,
    format: str,
    evaluation: str = "",
    recommendations: str = "",
) -> list[tuple[str, str, bytes]]:
    """The report in ``format`` and ``language``: (table key or "", file name, bytes) each."""
    content = build_content(
        data,
        language=language,
        rule=rule,
        evaluation=evaluation,
        recommendations=recommendations,
    )
    stem = f"palermo-statistics-{data.year}-{language}"
    if format == "pdf":
        return [("", f"{stem}.pdf", render_pdf(content))]
    if format == "xlsx":
        return [("", f"{stem}.xlsx", render_xlsx(content))]
    return [
        (table.key, f"{stem}-{table.key}.csv", render_csv(content, table))
        for table in content.tables
    ]


def validate_language(language: str) -> str:
    if language not in get_pack().languages:
        raise ValidationError(
            {
                "lang": [
                    _("Choose one of the languages: %(languages)s.")
                    % {"languages": ", ".join(get_pack().languages)}
                ]
            }
        )
    return language


def validate_format(format: str) -> str:
    if format not in FORMATS:
        raise ValidationError({"format": [_("Choose pdf, xlsx or csv.")]})
    return format


@transaction.atomic
def do_publish_release(*, actor: Actor, release: Release) -> Release:
    """Publishes a draft: the disclosure audit is run again on exactly what will be published and
    must pass; then the files of every language are made and registered with their hashes."""
    _require_publisher(actor)
    locked = Release.objects.select_for_update().get(pk=release.pk)
    if locked.is_published:
        raise ValidationError(_("This release is already published."))
    rule = disclosure_rule()
    data = release_data(locked)
    problems = audit_problems(data, rule)
    if problems:
        raise ValidationError(
            _("The disclosure audit failed, so the release cannot be published: %(problems)s")
            % {"problems": "; ".join(problems)}
        )
    if Release.objects.filter(year=locked.year, state=Release.State.PUBLISHED).exists():
        raise ValidationError(_("A release for this year is already published."))
    files = []
    for language in get_pack().languages:
        for format in FORMATS:
            for table_key, filename, content in render_document(
                data,
                rule=rule,
                language=language,
                format=format,
                evaluation=locked.evaluation,
                recommendations=locked.recommendations,
            ):
                files.append(
                    ReleaseFile(
                        release=locked,
                        format=format,
                        language=language,
                        table_key=table_key,
                        filename=filename,
                        content=content,
                        sha256=hashlib.sha256(content).hexdigest(),
                        size=len(content),
                    )
                )
    ReleaseFile.objects.bulk_create(files)
    locked.state = Release.State.PUBLISHED
    locked.rule = rule_as_dict(rule)
    locked.published_by, locked.published_at = actor.user, timezone.now()
    locked.version += 1
    locked.save(update_fields=["state", "rule", "published_by", "published_at", "version"])
    record(
        "stats.release_published",
        actor=actor,
        obj=locked,
        data={
            "year": locked.year,
            "tables": [t.key for t in data.tables],
            "rule": locked.rule,
            "files": {f.filename: f.sha256 for f in files},
        },
    )
    return locked


@transaction.atomic
def do_generate_report(
    *, actor: Actor | None, year: int, language: str, format: str
) -> list[tuple[str, str, bytes]]:
    """The report of ``year`` from today's figures, after disclosure control (the command line's
    ``palermo stats report``). Nothing is published; the generation is audited with its hashes."""
    year = validate_year(year)
    language, format = validate_language(language), validate_format(format)
    rule = disclosure_rule()
    data, _audits = build_release_data(year, rule)
    problems = audit_problems(data, rule)
    if problems:  # cannot happen: build_release_data protects every table
        raise ValidationError("; ".join(problems))
    documents = render_document(data, rule=rule, language=language, format=format)
    record(
        "stats.report_generated",
        actor=actor,
        object_type="stats.report",
        object_id=str(year),
        data={
            "year": year,
            "language": language,
            "format": format,
            "rule": rule_as_dict(rule),
            "files": {name: hashlib.sha256(content).hexdigest() for _k, name, content in documents},
        },
    )
    return documents
