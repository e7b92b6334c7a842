"""Translated, human labels for every enum value shown to users, and choice lists for
forms built from them."""

from __future__ import annotations

from enum import Enum

from flask_babel import lazy_gettext as _l

from ipscrm.models import (
    AccommodationStatus,
    ContactChannel,
    ContactMode,
    ContactPurpose,
    Disclosure,
    JobseekerStatus,
    Role,
    Shift,
    Stage,
)

_LABELS: list[tuple[Enum, object]] = [
    (Stage.IDENTIFIED, _l("Identified")),
    (Stage.INTRODUCED, _l("Introduced")),
    (Stage.LEARNED, _l("Learned about the business")),
    (Stage.ACTIVE, _l("Active relationship")),
    (Stage.CANDIDATE_PRESENTED, _l("Candidate presented")),
    (Stage.HIRED, _l("Hired / supporting")),
    (Stage.DORMANT, _l("Dormant")),
    (ContactMode.IN_PERSON, _l("In person")),
    (ContactMode.PHONE, _l("Phone")),
    (ContactMode.EMAIL, _l("E-mail")),
    (ContactMode.VIDEO, _l("Video")),
    (ContactPurpose.INTRODUCTION, _l("Introduction")),
    (ContactPurpose.LEARN_BUSINESS, _l("Learn about the business")),
    (ContactPurpose.FOLLOW_UP, _l("Follow-up")),
    (ContactPurpose.PRESENT_CANDIDATE, _l("Present a candidate")),
    (ContactPurpose.WITH_JOBSEEKER, _l("With a jobseeker")),
    (ContactPurpose.FOLLOW_ALONG, _l("Follow-along support")),
    (ContactChannel.PHONE, _l("Phone")),
    (ContactChannel.EMAIL, _l("E-mail")),
    (ContactChannel.SMS, _l("Text message")),
    (ContactChannel.IN_PERSON, _l("In person")),
    (AccommodationStatus.OFFERED, _l("Offered")),
    (AccommodationStatus.CONFIRMED, _l("Confirmed")),
    (AccommodationStatus.USED, _l("Used")),
    (JobseekerStatus.SEARCHING, _l("Searching")),
    (JobseekerStatus.WORKING, _l("Working")),
    (JobseekerStatus.PAUSED, _l("Paused")),
    (JobseekerStatus.CLOSED, _l("Closed")),
    (Disclosure.UNDECIDED, _l("Not decided")),
    (Disclosure.FULL, _l("Full disclosure")),
    (Disclosure.LIMITED, _l("Limited disclosure")),
    (Disclosure.NONE, _l("No disclosure")),
    (Shift.DAY, _l("Day")),
    (Shift.EVENING, _l("Evening")),
    (Shift.NIGHT, _l("Night")),
    (Shift.WEEKEND, _l("Weekend")),
    (Role.SPECIALIST, _l("Job specialist")),
    (Role.SUPERVISOR, _l("Supervisor")),
    (Role.ADMIN, _l("Administrator")),
]
# Keyed by (enum class, value): StrEnum members of different enums with the same value
# compare equal, so the members themselves cannot be the keys.
LABELS: dict[tuple[type[Enum], str], object] = {(type(m), m.value): lbl for m, lbl in _LABELS}


def label_for(value: Enum | str) -> str:
    if isinstance(value, Enum):
        label = LABELS.get((type(value), value.value))
        if label is not None:
            return str(label)
        value = value.value
    for (_cls, enum_value), label in LABELS.items():
        if enum_value == value:
            return str(label)
    return str(value)


def choices(enum_cls: type[Enum]) -> list[tuple[str, str]]:
    """(value, label) pairs for a select field, in the enum's order."""
    return [(member.value, label_for(member)) for member in enum_cls]
