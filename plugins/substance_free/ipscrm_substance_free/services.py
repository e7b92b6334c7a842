"""Use cases of the substance-free plugin: an employer's status (from the specialist's
judgement, the facts, and a suggestion from the industry code), saving facts and needs
with an audit trail, reading imported values, and verifications due for review."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import Employer, User
from ipscrm.services import audit
from ipscrm.services.access import get_visible_jobseeker
from ipscrm.services.errors import ValidationFailed
from ipscrm.timeutil import today
from ipscrm_substance_free.models import Answer, EmployerProfile, Frequency, JobseekerNeed, Need

log = logging.getLogger(__name__)

# Form field name -> profile attribute.
EMPLOYER_FIELDS = {
    "substance_free_assessment": "assessment",
    "substance_free_akan_policy": "akan_policy",
    "substance_free_alcohol_at_events": "alcohol_at_events",
    "substance_free_serves_alcohol": "serves_alcohol",
    "substance_free_safety_testing": "safety_testing",
    "substance_free_verified_on": "verified_on",
    "substance_free_note": "note",
}
_ENUMS: dict[str, type] = {
    "assessment": Answer,
    "akan_policy": Answer,
    "alcohol_at_events": Frequency,
    "serves_alcohol": Answer,
    "safety_testing": Answer,
}
NOTE_MAX = 1000
YES_WORDS = {"ja", "j", "yes", "y", "true", "1", "x", "rusfri", "substance-free"}
NO_WORDS = {"nei", "n", "no", "false", "0", "ikke rusfri", "not substance-free"}


@dataclass(frozen=True)
class Status:
    """``value``: "yes" (substance-free), "no" (known not to be) or "unknown"."""

    value: str
    verified_on: date | None = None
    suggested_alcohol_code: str | None = None  # industry code that suggests alcohol

    @property
    def verified(self) -> bool:
        return self.value == "yes" and self.verified_on is not None


def alcohol_industry_code(employer: Employer) -> str | None:
    """The employer's first industry code that suggests it serves alcohol (bars and
    restaurants by default; setting SUBSTANCE_FREE_ALCOHOL_INDUSTRY_CODES)."""
    prefixes = current_app.config["SUBSTANCE_FREE_ALCOHOL_INDUSTRY_CODES"]
    for code, _description in employer.industry_codes:
        if any(code.startswith(prefix) for prefix in prefixes):
            return code
    return None


def status_of(employer: Employer, profile: EmployerProfile | None) -> Status:
    """The employer's substance-free status: the specialist's assessment when given,
    else what the facts say (serving alcohol, stored or suggested by the industry code,
    or alcohol often at events: not substance-free; a written AKAN policy, no alcohol at
    events and none served: substance-free)."""
    suggested = alcohol_industry_code(employer)
    if profile is None:
        return Status("no" if suggested else "unknown", None, suggested)
    verified_on = profile.verified_on
    if profile.assessment != Answer.UNKNOWN:
        return Status(profile.assessment.value, verified_on, suggested)
    serves = profile.serves_alcohol
    if serves == Answer.YES or (serves == Answer.UNKNOWN and suggested):
        return Status("no", verified_on, suggested)
    if profile.alcohol_at_events == Frequency.OFTEN:
        return Status("no", verified_on, suggested)
    if (
        profile.akan_policy == Answer.YES
        and profile.alcohol_at_events == Frequency.NEVER
        and serves == Answer.NO
    ):
        return Status("yes", verified_on, suggested)
    return Status("unknown", verified_on, suggested)


def get_profile(employer_id: int) -> EmployerProfile | None:
    return db.session.get(EmployerProfile, employer_id)


def employer_status(employer: Employer) -> Status:
    return status_of(employer, get_profile(employer.id))


@dataclass(frozen=True)
class _IndustryCodes:
    """What :func:`status_of` reads of an employer, without loading the whole row."""

    industry_codes: list[tuple[str, str | None]]


def statuses(employer_ids: list[int]) -> dict[int, Status]:
    """The status of each employer, in two queries (the search index asks for thousands
    at a time, so only the industry codes are read, not whole employer objects)."""
    if not employer_ids:
        return {}
    c = Employer.__table__.c
    rows = db.session.execute(
        sa.select(c.id, c.industry_code_1, c.industry_code_2, c.industry_code_3).where(
            c.id.in_(employer_ids)
        )
    )
    profiles = {
        p.employer_id: p
        for p in db.session.scalars(
            sa.select(EmployerProfile).where(EmployerProfile.employer_id.in_(employer_ids))
        )
    }
    return {
        row[0]: status_of(
            _IndustryCodes([(code, None) for code in row[1:] if code]),  # type: ignore[arg-type]
            profiles.get(row[0]),
        )
        for row in rows
    }


def form_values(employer: Employer) -> dict[str, Any]:
    """The employer form's plugin fields; a suggested "serves alcohol" when unknown."""
    profile = get_profile(employer.id)
    values: dict[str, Any] = {}
    for name, attribute in EMPLOYER_FIELDS.items():
        value = getattr(profile, attribute) if profile else None
        values[name] = value.value if isinstance(value, Answer | Frequency) else value
    if (profile is None or profile.serves_alcohol == Answer.UNKNOWN) and alcohol_industry_code(
        employer
    ):
        values["substance_free_serves_alcohol"] = Answer.YES.value
    for name, attribute in EMPLOYER_FIELDS.items():
        if values[name] is None and attribute in _ENUMS:
            values[name] = "unknown"
    return values


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, attribute in EMPLOYER_FIELDS.items():
        if name not in data:
            continue
        value = data[name]
        if attribute in _ENUMS:
            try:
                value = _ENUMS[attribute](value or "unknown")
            except ValueError:
                raise ValidationFailed(
                    N_("Unknown value %(value)s."), {"value": value}, field=name
                ) from None
        elif attribute == "note":
            value = (value or "").strip() or None
            if value and len(value) > NOTE_MAX:
                raise ValidationFailed(N_("At most %(max)s characters."), {"max": NOTE_MAX}, name)
        elif attribute == "verified_on" and value is not None and value > today():
            raise ValidationFailed(N_("The verification date cannot be in the future."), None, name)
        clean[attribute] = value
    return clean


def save_employer_facts(employer_id: int, data: Mapping[str, Any], user_id: int | None) -> None:
    """Store the plugin's employer fields; a new verification date records who verified."""
    clean = _clean(data)
    profile = get_profile(employer_id)
    created = profile is None
    if profile is None:
        profile = EmployerProfile(employer_id=employer_id)
        db.session.add(profile)
    fields = list(_ENUMS) + ["verified_on", "note", "verified_by_id"]
    before = audit.snapshot(profile, fields) if not created else dict.fromkeys(fields)
    for attribute, value in clean.items():
        setattr(profile, attribute, value)
    if "verified_on" in clean and clean["verified_on"] != before["verified_on"]:
        profile.verified_by_id = user_id if clean["verified_on"] else None
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(profile, fields))
    if changes:
        action = "create" if created else "update"
        audit.record(user_id, action, "substance_free_employer", employer_id, changes)
    db.session.commit()


def get_need(jobseeker_id: int) -> Need:
    row = db.session.get(JobseekerNeed, jobseeker_id)
    return row.need if row else Need.NO_NEED


def save_need(jobseeker_id: int, need: str | Need, user_id: int | None) -> None:
    """Store a jobseeker's need; only those who may see the jobseeker may change it."""
    if user_id is not None:
        get_visible_jobseeker(db.session.get(User, user_id), jobseeker_id)
    try:
        need = Need(need or Need.NO_NEED)
    except ValueError:
        raise ValidationFailed(
            N_("Unknown value %(value)s."), {"value": need}, field="substance_free_need"
        ) from None
    row = db.session.get(JobseekerNeed, jobseeker_id)
    if row is None:
        row = JobseekerNeed(jobseeker_id=jobseeker_id, need=Need.NO_NEED)
        db.session.add(row)
    if row.need != need:
        row.need = need
        # Sensitive: the trail names the field, never the value.
        audit.record(user_id, "update", "substance_free_need", jobseeker_id, {"need": None})
    db.session.commit()


def parse_answer(raw: str) -> Answer | None:
    """An imported "Rusfri" cell as an answer; None for an empty cell; ValueError else."""
    text = " ".join((raw or "").strip().lower().split())
    if not text:
        return None
    if text in YES_WORDS:
        return Answer.YES
    if text in NO_WORDS:
        return Answer.NO
    if text in {"ukjent", "unknown", "?", "vet ikke"}:
        return Answer.UNKNOWN
    raise ValueError(text)


def import_values(batch_id: int, values: Mapping[int, Mapping[str, str]]) -> list[str]:
    """Store the imported assessment of each employer; returns a message per cell that
    could not be read (employer id, column, value), which is also logged."""
    problems = []
    for employer_id, row in values.items():
        raw = row.get("substance_free")
        try:
            answer = parse_answer(raw or "")
        except ValueError:
            problems.append(
                f"employer {employer_id}: substance_free: cannot read {raw!r} (use ja/nei)"
            )
            continue
        if answer is None:
            continue
        profile = get_profile(employer_id)
        if profile is None:
            profile = EmployerProfile(employer_id=employer_id)
            db.session.add(profile)
        if profile.assessment != answer:
            before = profile.assessment.value if profile.assessment else None
            profile.assessment = answer
            audit.record(
                None,
                "import",
                "substance_free_employer",
                employer_id,
                {"assessment": [before, answer.value], "batch_id": [None, batch_id]},
            )
    db.session.commit()
    for problem in problems:
        log.warning("Import batch %s: %s", batch_id, problem)
    return problems


def due_for_review(user: User, limit: int = 20) -> tuple[list[EmployerProfile], int]:
    """Verifications older than SUBSTANCE_FREE_REVIEW_DAYS on the user's employers (owned
    by them, or unowned and verified by them): the first ``limit`` and the total."""
    cutoff = today() - timedelta(days=current_app.config["SUBSTANCE_FREE_REVIEW_DAYS"])
    due = sa.and_(EmployerProfile.verified_on.is_not(None), EmployerProfile.verified_on <= cutoff)
    mine = sa.and_(
        Employer.archived.is_(False),
        sa.or_(
            Employer.owner_id == user.id,
            # "no owner", written so that no index on the owner can serve it: a database
            # would otherwise read every unowned employer (most of them) to find the few
            # with a profile; from the profiles' verification dates it reads only those
            sa.and_(
                sa.func.coalesce(Employer.owner_id, 0) == 0,
                EmployerProfile.verified_by_id == user.id,
            ),
        ),
    )
    # Counted from the profiles, each checked against its employer.
    total = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(EmployerProfile)
        .where(due, sa.exists().where(Employer.id == EmployerProfile.employer_id, mine))
    )
    rows = db.session.scalars(
        sa.select(EmployerProfile)
        .join(Employer, Employer.id == EmployerProfile.employer_id)
        .where(due, mine)
        .order_by(EmployerProfile.verified_on, Employer.name)
        .limit(limit)
    ).all()
    return list(rows), int(total or 0)


def substance_free_employers(limit: int = 200) -> list[tuple[Employer, Status]]:
    """Employers with a stored profile whose status is substance-free, verified first."""
    rows = db.session.execute(
        sa.select(Employer, EmployerProfile)
        .join(EmployerProfile, EmployerProfile.employer_id == Employer.id)
        .where(Employer.archived.is_(False))
        .order_by(Employer.name)
    ).all()
    found = [(e, status_of(e, p)) for e, p in rows]
    found = [(e, s) for e, s in found if s.value == "yes"]
    found.sort(key=lambda pair: (not pair[1].verified, pair[0].name.lower()))
    return found[:limit]
