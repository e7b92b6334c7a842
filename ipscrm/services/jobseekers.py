"""Jobseekers and job starts. A jobseeker record holds a pseudonymous reference and job
preferences only; see DOMAIN.md on what is never stored."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import (
    AccommodationType,
    Disclosure,
    EmployerContact,
    Jobseeker,
    JobseekerStatus,
    JobStart,
    Role,
    Shift,
    User,
)
from ipscrm.services import audit, edit_conflicts
from ipscrm.services.access import get_visible_jobseeker, jobseeker_filter
from ipscrm.services.employers import get_employer, normalise_terms
from ipscrm.services.errors import Conflict, Duplicate, Forbidden, NotFound, ValidationFailed
from ipscrm.timeutil import today
from ipscrm.validation import InvalidValue, check_municipality_number

JOBSEEKER_FIELDS = [
    "reference",
    "specialist_id",
    "program_entry_date",
    "status",
    "closed_on",
    "pref_job_types",
    "pref_industries",
    "pref_municipalities",
    "pref_hours_per_week",
    "pref_shifts",
    "pref_accommodations",
    "interests",
    "strengths",
    "disclosure",
]
_REFERENCE_RE = re.compile(r"^[\wÆØÅæøå.\-/ ]{2,40}$")
# 11 digits in a row once spaces, dots and dashes are ignored: a fødselsnummer or
# D-number (national identity number), which must never be a jobseeker's reference.
_NATIONAL_ID_RE = re.compile(r"\d{11}")


def looks_like_national_id(reference: str) -> bool:
    """Does ``reference`` contain something shaped like an 11-digit fødselsnummer?"""
    return bool(_NATIONAL_ID_RE.search(re.sub(r"[\s.\-/]", "", reference or "")))


def _clean(data: Mapping[str, Any], actor: User) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if key not in JOBSEEKER_FIELDS:
            raise ValidationFailed(N_("Unknown field “%(field)s”."), {"field": key}, field=key)
        if isinstance(value, str):
            value = value.strip() or None
        clean[key] = value
    if "reference" in clean:
        ref = clean["reference"] or ""
        if not _REFERENCE_RE.match(ref):
            raise ValidationFailed(
                N_("The reference must be 2 to 40 letters, digits, spaces or . - /"),
                field="reference",
            )
        if looks_like_national_id(ref):
            raise ValidationFailed(
                N_(
                    "The reference looks like a national identity number (11 digits). "
                    "Use a pseudonymous reference instead."
                ),
                field="reference",
            )
    if "program_entry_date" in clean:
        entry = clean["program_entry_date"]
        if not isinstance(entry, date):
            raise ValidationFailed(
                N_("A program entry date is required."), field="program_entry_date"
            )
        if entry > today():
            raise ValidationFailed(
                N_("The program entry date cannot be in the future."), field="program_entry_date"
            )
    for key, enum_cls in (("status", JobseekerStatus), ("disclosure", Disclosure)):
        if clean.get(key) is not None:
            try:
                clean[key] = enum_cls(clean[key])
            except ValueError as err:
                raise ValidationFailed(
                    N_("Unknown value “%(value)s”."), {"value": clean[key]}, field=key
                ) from err
    if "pref_municipalities" in clean:
        try:
            clean["pref_municipalities"] = list(
                dict.fromkeys(
                    check_municipality_number(m) for m in clean["pref_municipalities"] or []
                )
            )
        except InvalidValue as err:
            raise ValidationFailed(err.message, err.params, field="pref_municipalities") from err
    if "pref_industries" in clean:
        codes = normalise_terms(clean["pref_industries"] or [], max_length=10)
        for code in codes:
            if not re.fullmatch(r"\d{1,2}(\.\d{0,3})?", code):
                raise ValidationFailed(
                    N_("“%(value)s” is not an industry code prefix such as 47 or 47.11."),
                    {"value": code},
                    field="pref_industries",
                )
        clean["pref_industries"] = codes
    for key in ("pref_job_types", "pref_accommodations"):
        if key in clean:
            clean[key] = normalise_terms(clean[key] or [])
    if clean.get("pref_accommodations"):
        known = set(db.session.scalars(sa.select(AccommodationType.code)))
        unknown = [code for code in clean["pref_accommodations"] if code not in known]
        if unknown:
            raise ValidationFailed(
                N_("Unknown accommodation “%(value)s”."),
                {"value": unknown[0]},
                field="pref_accommodations",
            )
    if "pref_shifts" in clean:
        try:
            clean["pref_shifts"] = [Shift(s).value for s in clean["pref_shifts"] or []]
        except ValueError as err:
            raise ValidationFailed(N_("Unknown shift."), field="pref_shifts") from err
    hours = clean.get("pref_hours_per_week")
    if hours is not None and (
        isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= 60
    ):
        raise ValidationFailed(
            N_("Hours per week must be between 1 and 60."), field="pref_hours_per_week"
        )
    for key in ("interests", "strengths"):
        if clean.get(key) and len(clean[key]) > 5000:
            raise ValidationFailed(N_("At most %(max)s characters."), {"max": 5000}, field=key)
    if "specialist_id" in clean:
        specialist = (
            db.session.get(User, clean["specialist_id"]) if clean["specialist_id"] else None
        )
        if specialist is None or not specialist.active:
            raise ValidationFailed(N_("No such user."), field="specialist_id")
        if actor.role == Role.SPECIALIST and specialist.id != actor.id:
            raise Forbidden(N_("A specialist can only follow their own jobseekers."))
        if (
            actor.role == Role.SUPERVISOR
            and specialist.id != actor.id
            and (actor.team_id is None or specialist.team_id != actor.team_id)
        ):
            raise Forbidden(N_("You can only assign jobseekers within your team."))
    return clean


def _ensure_unique_reference(reference: str, own_id: int | None) -> None:
    existing = db.session.scalar(sa.select(Jobseeker).where(Jobseeker.reference == reference))
    if existing is not None and existing.id != own_id:
        raise Duplicate(
            N_("The reference %(reference)s is already in use."),
            {"reference": reference},
            field="reference",
        )


def create_jobseeker(actor: User, data: Mapping[str, Any]) -> Jobseeker:
    values = dict(data)
    values.setdefault("specialist_id", actor.id)
    clean = _clean(values, actor)
    for required in ("reference", "program_entry_date"):
        if not clean.get(required):
            raise ValidationFailed(N_("This field is required."), field=required)
    _ensure_unique_reference(clean["reference"], None)
    jobseeker = Jobseeker(**clean)
    db.session.add(jobseeker)
    db.session.flush()
    audit.record(actor.id, "create", "jobseeker", jobseeker.id, dict.fromkeys(clean))
    db.session.commit()
    return jobseeker


def record_read(user: User | None, jobseeker_id: int, what: str) -> None:
    """Note in the audit trail that ``user`` (None: the command line) was shown the
    jobseeker's ``what`` ("profile", "preferences"). Jobseeker data is health-related:
    reads are traced like changes, by the names of what was read only."""
    audit.record(
        user.id if user is not None else None, "read", "jobseeker", jobseeker_id, {what: None}
    )
    db.session.commit()


def update_jobseeker(
    actor: User,
    jobseeker_id: int,
    data: Mapping[str, Any],
    version: edit_conflicts.FormVersion | None = None,
) -> Jobseeker:
    """Save changed fields. ``version``: what the form has seen of the jobseeker; a field
    somebody else changed since, which this edit would set to another value, raises
    :class:`~ipscrm.services.edit_conflicts.EditConflict` until the form has shown it
    (the trail keeps no old values of jobseekers, so every such field is shown)."""
    jobseeker = get_visible_jobseeker(actor, jobseeker_id)
    clean = _clean(data, actor)
    if version is not None:
        current = audit.snapshot(jobseeker, list(clean))
        clean = edit_conflicts.check("jobseeker", jobseeker.id, clean, current, version)
    if clean.get("reference"):
        _ensure_unique_reference(clean["reference"], jobseeker.id)
    if clean.get("status") == JobseekerStatus.CLOSED and not clean.get("closed_on"):
        clean["closed_on"] = jobseeker.closed_on or today()
    elif clean.get("status") is not None and clean["status"] != JobseekerStatus.CLOSED:
        clean["closed_on"] = None  # taken up again
    before = audit.snapshot(jobseeker, list(clean))
    for key, value in clean.items():
        setattr(jobseeker, key, value)
    changes = audit.diff(before, audit.snapshot(jobseeker, list(clean)))
    if changes:
        audit.record(actor.id, "update", "jobseeker", jobseeker.id, changes)
    db.session.commit()
    return jobseeker


def record_job_start(
    actor: User,
    jobseeker_id: int,
    employer_id: int,
    job_title: str,
    start_date: date,
    job_type: str | None = None,
    hours_per_week: Decimal | float | str | None = None,
    competitive: bool = True,
    end_date: date | None = None,
    end_reason: str | None = None,
) -> JobStart:
    jobseeker = get_visible_jobseeker(actor, jobseeker_id)
    employer = get_employer(employer_id)
    job_title = (job_title or "").strip()
    if not job_title or len(job_title) > 120:
        raise ValidationFailed(
            N_("A job title of 1 to 120 characters is required."), field="job_title"
        )
    if start_date < jobseeker.program_entry_date:
        raise ValidationFailed(
            N_("The job cannot start before the program entry date."), field="start_date"
        )
    if end_date is not None and end_date < start_date:
        raise ValidationFailed(N_("The end date must be after the start date."), field="end_date")
    hours = None
    if hours_per_week not in (None, ""):
        try:
            hours = Decimal(str(hours_per_week)).quantize(Decimal("0.1"))
        except InvalidOperation as err:
            raise ValidationFailed(
                N_("Hours per week must be a number."), field="hours_per_week"
            ) from err
        if not Decimal("0.5") <= hours <= Decimal("80"):
            raise ValidationFailed(
                N_("Hours per week must be between 0.5 and 80."), field="hours_per_week"
            )
    start = JobStart(
        jobseeker_id=jobseeker.id,
        employer_id=employer.id,
        job_title=job_title,
        job_type=normalise_terms([job_type or ""])[0] if (job_type or "").strip() else None,
        start_date=start_date,
        hours_per_week=hours,
        competitive=competitive,
        end_date=end_date,
        end_reason=(end_reason or "").strip()[:255] or None,
        recorded_by_id=actor.id,
    )
    db.session.add(start)
    if end_date is None and start_date <= today() and jobseeker.status == JobseekerStatus.SEARCHING:
        jobseeker.status = JobseekerStatus.WORKING
    db.session.flush()
    audit.record(
        actor.id, "create", "job_start", start.id, {"employer_id": None, "start_date": None}
    )
    db.session.commit()
    return start


def end_job_start(
    actor: User, jobseeker_id: int, job_start_id: int, end_date: date, end_reason: str | None
) -> JobStart:
    """Record that a job ended. A jobseeker with no other current job goes back to
    searching (unless their status was set to something else by hand)."""
    jobseeker = get_visible_jobseeker(actor, jobseeker_id)
    start = db.session.get(JobStart, job_start_id)
    if start is None or start.jobseeker_id != jobseeker.id:
        raise NotFound(N_("No such job start."))
    if start.end_date is not None:
        raise Conflict(N_("This job has already ended."))
    if end_date < start.start_date:
        raise ValidationFailed(N_("The end date must be after the start date."), field="end_date")
    if end_date > today():
        raise ValidationFailed(N_("The end date cannot be in the future."), field="end_date")
    reason = (end_reason or "").strip()
    if len(reason) > 255:
        raise ValidationFailed(N_("At most %(max)s characters."), {"max": 255}, field="end_reason")
    start.end_date, start.end_reason = end_date, reason or None
    still_working = any(
        other.id != start.id and other.end_date is None for other in jobseeker.job_starts
    )
    if not still_working and jobseeker.status == JobseekerStatus.WORKING:
        jobseeker.status = JobseekerStatus.SEARCHING
    audit.record(actor.id, "update", "job_start", start.id, {"end_date": None, "end_reason": None})
    db.session.commit()
    return start


@dataclass(frozen=True)
class JobseekerPage:
    items: list[Jobseeker]
    total: int
    page: int
    pages: int


def list_jobseekers(
    user: User,
    status: JobseekerStatus | None = None,
    specialist_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> JobseekerPage:
    """The jobseekers ``user`` may see, filtered, by reference, one page at a time."""
    where = [jobseeker_filter(user)]
    if status is not None:
        where.append(Jobseeker.status == status)
    if specialist_id is not None:
        where.append(Jobseeker.specialist_id == specialist_id)
    total = db.session.scalar(sa.select(sa.func.count(Jobseeker.id)).where(*where)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    items = db.session.scalars(
        sa.select(Jobseeker)
        .where(*where)
        .options(joinedload(Jobseeker.specialist))
        .order_by(Jobseeker.reference)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return JobseekerPage(list(items), total, page, pages)


def job_starts(user: User, jobseeker_id: int) -> list[JobStart]:
    """The jobseeker's job starts with their employers, newest first."""
    jobseeker = get_visible_jobseeker(user, jobseeker_id)
    return list(
        db.session.scalars(
            sa.select(JobStart)
            .where(JobStart.jobseeker_id == jobseeker.id)
            .options(joinedload(JobStart.employer))
            .order_by(JobStart.start_date.desc(), JobStart.id.desc())
        )
    )


def contact_history(user: User, jobseeker_id: int, limit: int = 100) -> list[EmployerContact]:
    """Employer contacts the jobseeker took part in, newest first."""
    jobseeker = get_visible_jobseeker(user, jobseeker_id)
    return list(
        db.session.scalars(
            sa.select(EmployerContact)
            .where(EmployerContact.jobseeker_id == jobseeker.id)
            .options(
                joinedload(EmployerContact.employer),
                joinedload(EmployerContact.specialist),
            )
            .order_by(EmployerContact.occurred_at.desc())
            .limit(limit)
        )
    )
