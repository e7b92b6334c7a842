"""The data model, one module per entity group. Importing this package registers every
core table on ``Base.metadata``."""

from ipscrm.models.accommodation import (
    AccommodationStatus,
    AccommodationType,
    EmployerAccommodation,
)
from ipscrm.models.audit import AuditEvent
from ipscrm.models.base import Base, utcnow
from ipscrm.models.contact import ContactMode, ContactPurpose, EmployerContact
from ipscrm.models.employer import ContactChannel, ContactPerson, Employer, EmployerTag, Stage
from ipscrm.models.followup import PlannedFollowUp
from ipscrm.models.importing import BatchStatus, ImportBatch, ImportChange
from ipscrm.models.jobseeker import Disclosure, Jobseeker, JobseekerStatus, JobStart, Shift
from ipscrm.models.login_throttle import LoginThrottle
from ipscrm.models.search import SearchOutbox
from ipscrm.models.user import Role, Team, User

__all__ = [
    "AccommodationStatus",
    "AccommodationType",
    "AuditEvent",
    "Base",
    "BatchStatus",
    "ContactChannel",
    "ContactMode",
    "ContactPerson",
    "ContactPurpose",
    "Disclosure",
    "Employer",
    "EmployerAccommodation",
    "EmployerContact",
    "EmployerTag",
    "ImportBatch",
    "ImportChange",
    "JobStart",
    "Jobseeker",
    "JobseekerStatus",
    "LoginThrottle",
    "PlannedFollowUp",
    "Role",
    "SearchOutbox",
    "Shift",
    "Stage",
    "Team",
    "User",
    "utcnow",
]
