"""How the audit page names what it shows: actions, kinds of records, the page of each
record, and each field by the label of the form where it is edited."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form

from ipscrm.web.admin.forms import (
    AccommodationEditForm,
    AccommodationTypeForm,
    TeamForm,
    UserCreateForm,
)
from ipscrm.web.contacts.forms import ContactForm
from ipscrm.web.employers.forms import AccommodationForm, ContactPersonForm, EmployerForm
from ipscrm.web.followups.forms import PlanForm, RescheduleForm
from ipscrm.web.jobseekers.forms import EndJobStartForm, JobseekerForm, JobStartForm

AUDIT_ACTIONS = {
    "create": _l("Created"),
    "update": _l("Changed"),
    "archive": _l("Archived"),
    "restore": _l("Restored"),
    "delete": _l("Deleted"),
    "undo": _l("Undone"),
    "read": _l("Read"),
}
AUDIT_RECORDS = {
    "employer": _l("Employer"),
    "contact": _l("Employer contact"),
    "contact_person": _l("Contact person"),
    "employer_accommodation": _l("Accommodation offered"),
    "follow_up": _l("Follow-up"),
    "jobseeker": _l("Jobseeker"),
    "job_start": _l("Job start"),
    "import_batch": _l("Import"),
    "user": _l("User"),
    "team": _l("Team"),
    "accommodation_type": _l("Accommodation type"),
}
# record kind → (endpoint, argument) of the page that shows it
AUDIT_LINKS = {
    "employer": ("employers.show", "employer_id"),
    "jobseeker": ("jobseekers.show", "jobseeker_id"),
    "user": ("admin.user", "user_id"),
    "team": ("admin.team", "team_id"),
}

# record kind → the forms that edit it (their labels name its fields)
AUDIT_FORMS: dict[str, tuple[type[Form], ...]] = {
    "employer": (EmployerForm,),
    "contact": (ContactForm,),
    "contact_person": (ContactPersonForm,),
    "employer_accommodation": (AccommodationForm,),
    "follow_up": (PlanForm, RescheduleForm),
    "jobseeker": (JobseekerForm,),
    "job_start": (JobStartForm, EndJobStartForm),
    "user": (UserCreateForm,),
    "team": (TeamForm,),
    "accommodation_type": (AccommodationTypeForm, AccommodationEditForm),
}
# fields no form edits by that name, and what a read event names
OTHER_FIELDS = {
    "parent_id": _l("Parent (organisation number)"),
    "archived": _l("Archived"),
    "closed_on": _l("Closed on"),
    "password": _l("Password"),
    "active": _l("Active"),
    "profile": _l("Profile"),
    "preferences": _l("Job preferences"),
}


def field_labels() -> dict[str, dict[str, str]]:
    """For each kind of record, its fields' labels (in the current language)."""
    labels: dict[str, dict[str, str]] = {}
    for kind, forms in AUDIT_FORMS.items():
        names = labels.setdefault(kind, {})
        for form_class in forms:
            for field in form_class(formdata=None, meta={"csrf": False}):
                names.setdefault(field.name, str(field.label.text))
    return labels


def field_label(labels: dict[str, dict[str, str]], kind: str, name: str) -> str:
    """A field's label, or its own name when nothing names it (a plugin's record)."""
    found = labels.get(kind, {}).get(name) or OTHER_FIELDS.get(name)
    return str(found) if found else name
