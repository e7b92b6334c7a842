"""A realistic Norwegian demo portfolio: two teams, their specialists, about 200
employers across municipalities and industries (some with worksites), contact people,
accommodations, a few months of contact history, 15 jobseekers and some job starts.

Deterministic for a given seed, so screenshots and manual tests are repeatable."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from ipscrm import demo_data as d
from ipscrm.extensions import db
from ipscrm.models import (
    AccommodationStatus,
    AccommodationType,
    ContactChannel,
    ContactMode,
    ContactPerson,
    ContactPurpose,
    Disclosure,
    Employer,
    EmployerAccommodation,
    EmployerContact,
    EmployerTag,
    Jobseeker,
    JobseekerStatus,
    JobStart,
    Role,
    Stage,
    User,
)
from ipscrm.services import users as users_service
from ipscrm.services.catalogue import seed_accommodation_types
from ipscrm.services.errors import Conflict
from ipscrm.timeutil import from_local, today
from ipscrm.validation import orgnr_check_digit

DEMO_PASSWORD = "ipscrm-demo"
DEMO_DOMAIN = "demo.ipscrm.no"

# (e-mail local part, name, role, team)
DEMO_USERS = [
    ("admin", "Anne Admin", Role.ADMIN, None),
    ("veileder", "Vegard Veileder", Role.SUPERVISOR, "Team Oslo"),
    ("spesialist", "Kari Nordmann", Role.SPECIALIST, "Team Oslo"),
    ("ola", "Ola Hansen", Role.SPECIALIST, "Team Oslo"),
    ("ingrid", "Ingrid Berg", Role.SPECIALIST, "Team Oslo"),
    ("bergen.veileder", "Bjørg Bakken", Role.SUPERVISOR, "Team Vest"),
    ("lars", "Lars Lund", Role.SPECIALIST, "Team Vest"),
    ("sofie", "Sofie Dahl", Role.SPECIALIST, "Team Vest"),
]


@dataclass
class DemoSummary:
    users: int
    employers: int
    contacts: int
    jobseekers: int
    job_starts: int
    login_email: str
    password: str


def database_is_empty() -> bool:
    return not (
        db.session.scalar(sa.select(sa.func.count(User.id)))
        or db.session.scalar(sa.select(sa.func.count(Employer.id)))
    )


def demo_login() -> tuple[str, str] | None:
    """The demo specialist's login, if the demo users exist and still use the demo
    password."""
    from werkzeug.security import check_password_hash

    user = users_service.get_user_by_email(f"spesialist@{DEMO_DOMAIN}")
    if (
        user is None
        or not user.active
        or not check_password_hash(user.password_hash, DEMO_PASSWORD)
    ):
        return None
    return user.email, DEMO_PASSWORD


def load_demo(force: bool = False, seed: int = 2026, weeks: int = 16) -> DemoSummary:
    if not force and not database_is_empty():
        raise Conflict(
            "The database already has data; the demo is only loaded into an empty "
            "database. Use --force to add it anyway."
        )
    rng = random.Random(seed)
    seed_accommodation_types()
    people = _users()
    specialists = [u for u in people if u.role == Role.SPECIALIST]
    employers = _employers(rng, specialists)
    db.session.flush()
    _accommodations(rng, employers, specialists)
    jobseekers = _jobseekers(rng, specialists)
    db.session.flush()
    contacts = _contacts(rng, employers, specialists, jobseekers, weeks)
    starts = _job_starts(rng, employers, jobseekers)
    db.session.commit()
    return DemoSummary(
        users=len(people),
        employers=len(employers),
        contacts=contacts,
        jobseekers=len(jobseekers),
        job_starts=starts,
        login_email=f"spesialist@{DEMO_DOMAIN}",
        password=DEMO_PASSWORD,
    )


def _users() -> list[User]:
    people = []
    for local, name, role, team_name in DEMO_USERS:
        email = f"{local}@{DEMO_DOMAIN}"
        user = users_service.get_user_by_email(email)
        if user is None:
            team_id = users_service.get_or_create_team(team_name).id if team_name else None
            user = users_service.create_user(email, name, DEMO_PASSWORD, role=role, team_id=team_id)
        people.append(user)
    return people


def _orgnr(rng: random.Random, used: set[str]) -> str:
    while True:
        first = str(rng.randint(81, 99)) + "".join(str(rng.randint(0, 9)) for _ in range(6))
        check = orgnr_check_digit(first)
        number = f"{first}{check}" if check is not None else None
        if (
            number
            and number not in used
            and not db.session.scalar(
                sa.select(Employer.id).where(Employer.organisation_number == number)
            )
        ):
            used.add(number)
            return number


def _employer(rng, used, industry, municipality, name, owner, form="AS") -> Employer:
    code, description, _words, job_types, (lo, hi) = industry
    number, mname, place, postcodes = municipality
    street = f"{rng.choice(d.STREETS)} {rng.randint(1, 120)}"
    stage = rng.choices(list(Stage), weights=[30, 20, 15, 15, 6, 8, 6], k=1)[0]
    employer = Employer(
        organisation_number=_orgnr(rng, used),
        name=name,
        organisation_form=form,
        industry_code_1=code,
        industry_description_1=description,
        industry_classification="SN2007",
        employee_count=rng.randint(lo, hi),
        phone=f"{rng.choice([2, 5, 7, 9])}{rng.randint(1000000, 9999999)}",
        website=f"https://www.{name.lower().split()[0].replace('æ', 'ae').replace('ø', 'o').replace('å', 'a')}.no",
        business_address=street,
        business_postcode=rng.choice(postcodes),
        business_place=place,
        business_municipality=mname,
        business_municipality_number=number,
        job_types=rng.sample(job_types, k=min(len(job_types), rng.randint(1, 3))),
        stage=stage,
        owner_id=owner.id if stage != Stage.IDENTIFIED or rng.random() < 0.3 else None,
        notes=rng.choice(
            [
                None,
                None,
                "Lederen er opptatt av stabilitet.",
                "Har tatt imot praksiskandidater før.",
                "Travelt i helgene, best å komme på formiddagen.",
                "Ønsker faste folk på morgenskift.",
            ]
        ),
        source="demo",
    )
    if rng.random() < 0.15:
        employer.tag_rows = [
            EmployerTag(tag=t)
            for t in rng.sample(["kjede", "nær t-bane", "sesong", "ny i år"], k=1)
        ]
    db.session.add(employer)
    return employer


def _employers(rng: random.Random, specialists: list[User]) -> list[Employer]:
    used: set[str] = set()
    employers = []
    names: set[str] = set()
    # Chains: a legal unit with two or three worksites each.
    for chain in range(6):
        industry = d.INDUSTRIES[chain % 3]
        base_name = f"{rng.choice(d.NAME_PREFIXES)} {rng.choice(industry[2])}"
        municipality = d.MUNICIPALITIES[chain % len(d.MUNICIPALITIES)]
        owner = rng.choice(specialists)
        parent = _employer(rng, used, industry, municipality, f"{base_name} AS", owner)
        parent.tag_rows = [EmployerTag(tag="kjede")]
        employers.append(parent)
        for area in rng.sample(d.NAME_PREFIXES, k=rng.randint(2, 3)):
            site = _employer(
                rng, used, industry, municipality, f"{base_name} avd. {area}", owner, form="BEDR"
            )
            site.parent = parent
            site.parent_organisation_number = parent.organisation_number
            employers.append(site)
    while len(employers) < 200:
        industry = rng.choice(d.INDUSTRIES)
        municipality = rng.choices(d.MUNICIPALITIES, weights=[40, 20, 10, 10, 8, 7, 5], k=1)[0]
        name = f"{rng.choice(d.NAME_PREFIXES)} {rng.choice(industry[2])} {rng.choice(d.SUFFIXES)}"
        if name in names:
            continue
        names.add(name)
        owner = rng.choice(specialists)
        employers.append(
            _employer(rng, used, industry, municipality, name, owner, form=name.rsplit(" ", 1)[1])
        )
    for employer in employers:
        if rng.random() < 0.6:
            for _ in range(rng.randint(1, 2)):
                first, last = rng.choice(d.FIRST_NAMES), rng.choice(d.LAST_NAMES)
                employer.contact_people.append(
                    ContactPerson(
                        name=f"{first} {last}",
                        role=rng.choice(d.ROLES),
                        phone=f"9{rng.randint(1000000, 9999999)}",
                        email=f"{first.lower()}.{last.lower()}@example.no",
                        preferred_channel=rng.choice(list(ContactChannel)),
                    )
                )
    return employers


def _accommodations(rng: random.Random, employers: list[Employer], specialists: list[User]) -> None:
    types = list(db.session.scalars(sa.select(AccommodationType)))
    for employer in employers:
        if employer.stage in (Stage.IDENTIFIED, Stage.INTRODUCED) and rng.random() < 0.7:
            continue
        for acc_type in rng.sample(types, k=rng.randint(0, 4)):
            db.session.add(
                EmployerAccommodation(
                    employer_id=employer.id,
                    accommodation_type_id=acc_type.id,
                    status=rng.choices(list(AccommodationStatus), weights=[5, 3, 2], k=1)[0],
                    recorded_on=today() - timedelta(days=rng.randint(5, 300)),
                    recorded_by_id=rng.choice(specialists).id,
                )
            )


def _jobseekers(rng: random.Random, specialists: list[User]) -> list[Jobseeker]:
    jobseekers = []
    for i in range(15):
        specialist = specialists[i % len(specialists)]
        industry = rng.choice(d.INDUSTRIES)
        municipality = rng.choice(d.MUNICIPALITIES[:4])
        reference = f"JS-{2026}-{i + 1:03d}"
        if db.session.scalar(sa.select(Jobseeker.id).where(Jobseeker.reference == reference)):
            continue
        jobseeker = Jobseeker(
            reference=reference,
            specialist_id=specialist.id,
            program_entry_date=today() - timedelta(days=rng.randint(3, 200)),
            status=JobseekerStatus.SEARCHING,
            pref_job_types=rng.sample(industry[3], k=min(2, len(industry[3]))),
            pref_industries=[industry[0].split(".")[0]],
            pref_municipalities=[municipality[0]],
            pref_hours_per_week=rng.choice([10, 15, 20, 30, 37]),
            pref_shifts=rng.sample(["day", "evening", "weekend"], k=rng.randint(1, 2)),
            pref_accommodations=rng.sample(
                [
                    "flexible_hours",
                    "gradual_start",
                    "mentor",
                    "quiet_workspace",
                    "treatment_time_off",
                ],
                k=rng.randint(0, 2),
            ),
            interests=rng.choice(d.INTERESTS),
            strengths=rng.choice(d.STRENGTHS),
            disclosure=rng.choice(list(Disclosure)),
        )
        db.session.add(jobseeker)
        jobseekers.append(jobseeker)
    return jobseekers


def _moment(day: date, rng: random.Random) -> datetime:
    return from_local(datetime.combine(day, time(rng.randint(8, 15), rng.choice([0, 15, 30, 45]))))


def _contacts(rng, employers, specialists, jobseekers, weeks) -> int:
    count = 0
    now_day = today()
    by_owner: dict[int, list[Employer]] = {}
    for employer in employers:
        by_owner.setdefault(employer.owner_id or 0, []).append(employer)
    for specialist in specialists:
        mine = by_owner.get(specialist.id) or employers
        own_jobseekers = [j for j in jobseekers if j.specialist_id == specialist.id]
        for week in range(weeks, -1, -1):
            monday = now_day - timedelta(days=now_day.weekday() + 7 * week)
            for _ in range(rng.randint(3, 9)):
                day = monday + timedelta(days=rng.randint(0, 4))
                if day > now_day:
                    continue
                employer = rng.choice(mine if rng.random() < 0.8 else employers)
                mode = rng.choices(list(ContactMode), weights=[70, 18, 8, 4], k=1)[0]
                candidates = [j for j in own_jobseekers if j.program_entry_date <= day]
                jobseeker = rng.choice(candidates) if candidates and rng.random() < 0.35 else None
                purpose = (
                    ContactPurpose.WITH_JOBSEEKER
                    if jobseeker
                    else rng.choice(
                        [
                            ContactPurpose.INTRODUCTION,
                            ContactPurpose.LEARN_BUSINESS,
                            ContactPurpose.FOLLOW_UP,
                        ]
                    )
                )
                due = day + timedelta(days=rng.randint(3, 21)) if rng.random() < 0.35 else None
                moment = _moment(day, rng)
                db.session.add(
                    EmployerContact(
                        occurred_at=moment,
                        occurred_on=day,
                        specialist_id=specialist.id,
                        team_id=specialist.team_id,
                        employer_id=employer.id,
                        contact_person_id=employer.contact_people[0].id
                        if employer.contact_people and rng.random() < 0.6
                        else None,
                        mode=mode,
                        face_to_face=mode == ContactMode.IN_PERSON,
                        purpose=purpose,
                        jobseeker_id=jobseeker.id if jobseeker else None,
                        outcome=rng.choice(d.OUTCOMES),
                        next_step=rng.choice(d.NEXT_STEPS) if due else None,
                        follow_up_due=due,
                        follow_up_done=bool(due and due < now_day and rng.random() < 0.7),
                    )
                )
                if employer.last_contact_at is None or employer.last_contact_at < moment:
                    employer.last_contact_at = moment
                count += 1
    return count


def _job_starts(rng, employers, jobseekers) -> int:
    started = 0
    oldest_first = sorted(jobseekers, key=lambda j: j.program_entry_date)
    for jobseeker in oldest_first[:7]:
        employer = rng.choice([e for e in employers if e.parent_id is None])
        waited = (today() - jobseeker.program_entry_date).days
        if waited < 21:
            continue
        start = jobseeker.program_entry_date + timedelta(days=rng.randint(14, min(90, waited)))
        ended = rng.random() < 0.25
        db.session.add(
            JobStart(
                jobseeker_id=jobseeker.id,
                employer_id=employer.id,
                job_title=rng.choice(
                    [
                        "Lagermedarbeider",
                        "Butikkmedarbeider",
                        "Kjøkkenassistent",
                        "Renholder",
                        "Sjåfør",
                    ]
                ),
                job_type=rng.choice(employer.job_types) if employer.job_types else None,
                start_date=start,
                hours_per_week=rng.choice([10, 15, 20, 30]),
                competitive=rng.random() < 0.9,
                end_date=start + timedelta(days=60)
                if ended and start + timedelta(days=60) <= today()
                else None,
                end_reason="Ønsket andre oppgaver" if ended else None,
            )
        )
        jobseeker.status = JobseekerStatus.WORKING
        started += 1
    return started
