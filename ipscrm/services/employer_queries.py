"""Reading employers for the web pages: the filtered, sorted, paginated employer list and
everything the employer page shows. Each function runs a fixed number of SQL statements,
whatever the number of rows (no N+1), so the pages stay fast with a large portfolio."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ipscrm.extensions import db
from ipscrm.i18n import N_
from ipscrm.models import (
    ContactPerson,
    Employer,
    EmployerAccommodation,
    EmployerContact,
    EmployerTag,
    Jobseeker,
    JobStart,
    PlannedFollowUp,
    Role,
    Stage,
    User,
)
from ipscrm.services.access import jobseeker_filter
from ipscrm.services.employer_text_match import text_match
from ipscrm.services.errors import NotFound

SORTS = ("name", "-name", "-last_contact", "last_contact", "place", "-created")
MAX_QUERY = 200


@dataclass
class EmployerFilter:
    """What the user asked the employer list for. Empty values mean "any"."""

    q: str = ""
    municipality: str = ""  # municipality number ("0301") or name
    industry: str = ""  # industry code prefix ("56", "56.3")
    stage: str = ""
    owner_id: int | None = None
    accommodation_type_id: int | None = None
    tag: str = ""
    archived: str = "no"  # "no", "yes" or "all"
    sort: str = "name"
    page: int = 1

    def normalised(self) -> EmployerFilter:
        copy = EmployerFilter(**self.__dict__)
        copy.q = " ".join((self.q or "").split())[:MAX_QUERY]
        copy.municipality = (self.municipality or "").strip()[:100]
        copy.industry = (self.industry or "").strip()[:10]
        copy.tag = " ".join((self.tag or "").split()).lower()[:60]
        copy.stage = self.stage if self.stage in {s.value for s in Stage} else ""
        copy.archived = self.archived if self.archived in ("no", "yes", "all") else "no"
        copy.sort = self.sort if self.sort in SORTS else "name"
        copy.page = max(1, self.page or 1)
        return copy


@dataclass
class EmployerPage:
    rows: list[Employer]
    total: int
    page: int
    page_size: int
    capped: bool = False  # more than ``total`` match

    @property
    def pages(self) -> int:
        """Pages to offer; one more than counted when the count was capped."""
        return max(1, -(-self.total // self.page_size)) + (1 if self.capped else 0)

    @property
    def first(self) -> int:
        return 0 if not self.total else (self.page - 1) * self.page_size + 1

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def _prefix_range(column: sa.ColumnElement[str], prefix: str) -> sa.ColumnElement[bool]:
    """``column`` starts with ``prefix``, as a range both databases answer from a b-tree
    index (LIKE 'x%' uses one only in some collations)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return sa.and_(column >= prefix, column < upper)


def _member_of(ids: sa.Select, for_count: bool) -> sa.ColumnElement[bool]:
    """``Employer.id`` is one of ``ids``. PostgreSQL counts much faster from an array of the
    ids (index lookups) than from the hash join over the whole table it plans for IN;
    for the page, IN lets it walk the name index and stop after one page."""
    if for_count and db.session.get_bind().dialect.name == "postgresql":
        return Employer.id == sa.any_(sa.func.ARRAY(ids.scalar_subquery()))
    return Employer.id.in_(ids)


def _digits(q: str) -> str:
    return q.replace(" ", "").replace(".", "")


def _is_organisation_number(q: str) -> bool:
    """Nine digits (spaces and dots allowed): looked up as an organisation number."""
    digits = _digits(q)
    return digits.isdigit() and len(digits) == 9


def _conditions(
    f: EmployerFilter, for_count: bool = False, in_order: bool = False
) -> list[sa.ColumnElement[bool]]:
    """The filter's conditions (``in_order``: see
    :func:`~ipscrm.services.employer_text_match.text_match`)."""
    where: list[sa.ColumnElement[bool]] = []
    if f.archived == "no":
        where.append(Employer.archived.is_(False))
    elif f.archived == "yes":
        where.append(Employer.archived.is_(True))
    if f.q:
        digits = _digits(f.q)
        if _is_organisation_number(f.q):
            where.append(Employer.organisation_number == digits)
        else:
            where.append(
                sa.or_(
                    text_match(f.q, in_order),
                    # a range, so that SQLite can combine it with the text index
                    _prefix_range(Employer.organisation_number, digits)
                    if digits.isdigit()
                    else sa.false(),
                )
            )
    if f.municipality:
        if f.municipality.isdigit():
            where.append(Employer.business_municipality_number == f.municipality.zfill(4))
        else:
            where.append(sa.func.lower(Employer.business_municipality) == f.municipality.lower())
    if f.industry:
        where.append(_prefix_range(Employer.industry_code_1, f.industry))
    if f.stage:
        where.append(Employer.stage == Stage(f.stage))
    if f.owner_id:
        where.append(Employer.owner_id == f.owner_id)
    if f.accommodation_type_id:
        offering = sa.select(EmployerAccommodation.employer_id).where(
            EmployerAccommodation.accommodation_type_id == f.accommodation_type_id
        )
        where.append(_member_of(offering, for_count))
    if f.tag:
        tagged = sa.select(EmployerTag.employer_id).where(EmployerTag.tag == f.tag)
        where.append(_member_of(tagged, for_count))
    return where


def _order(sort: str) -> list[sa.ColumnElement]:
    by_id = Employer.id
    return {
        "name": [Employer.name, by_id],
        "-name": [Employer.name.desc(), by_id.desc()],
        "place": [Employer.business_place.asc().nulls_last(), Employer.name, by_id],
        "-created": [by_id.desc()],
    }[sort]


# Sorting on the latest contact: employers never contacted (NULL) come last for
# "-last_contact" and first for "last_contact". The two parts are read separately, each
# in the order of the (archived, last_contact_at) index: no single b-tree index gives
# "DESC NULLS LAST" on both databases.
_LAST_CONTACT = {
    "-last_contact": (False, [Employer.last_contact_at.desc(), Employer.id.desc()]),
    "last_contact": (True, [Employer.last_contact_at.asc(), Employer.id]),
}


def _ids(where: list, order: list, offset: int, limit: int) -> list[int]:
    query = sa.select(Employer.id).where(*where).order_by(*order).limit(limit).offset(offset)
    return list(db.session.scalars(query))


def _page_ids(where: list, sort: str, offset: int, limit: int) -> list[int]:
    """The ids of one page: at most three statements, whatever the sort."""
    if sort not in _LAST_CONTACT:
        return _ids(where, _order(sort), offset, limit)
    nulls_first, order = _LAST_CONTACT[sort]
    never = (Employer.last_contact_at.is_(None), [Employer.id])
    contacted = (Employer.last_contact_at.is_not(None), order)
    (first, first_order), (second, second_order) = (
        (never, contacted) if nulls_first else (contacted, never)
    )
    ids = _ids([*where, first], first_order, offset, limit)
    if len(ids) == limit:
        return ids
    if ids or offset == 0:  # the first part ends on this page
        first_total = offset + len(ids)
    else:  # it ended on an earlier page: where?
        first_total = (
            db.session.scalar(sa.select(sa.func.count()).select_from(Employer).where(*where, first))
            or 0
        )
    return ids + _ids(
        [*where, second], second_order, max(0, offset - first_total), limit - len(ids)
    )


# A text search counts up to here (the page says "more than").
TEXT_COUNT_CAP = 1_000


def _matching_ids(where: list, limit: int) -> list[int]:
    """Up to ``limit`` ids matching ``where``, found the quickest way (not read in a sort
    order). PostgreSQL plans a LIMIT as if the first rows came soon, reading in name
    order; a materialised CTE makes it plan for all of them (the text index)."""
    query = sa.select(Employer.id).where(*where)
    if db.session.get_bind().dialect.name == "postgresql":
        matching = query.cte("matching").prefix_with("MATERIALIZED")
        query = sa.select(matching.c.id)
    return list(db.session.scalars(query.limit(limit)))


def _rows(ids: list[int]) -> list[Employer]:
    by_id = {
        e.id: e
        for e in db.session.scalars(
            sa.select(Employer).options(joinedload(Employer.owner)).where(Employer.id.in_(ids))
        )
    }
    return [by_id[i] for i in ids if i in by_id]


def _search(f: EmployerFilter, page_size: int) -> EmployerPage:
    """A list with a text search: first up to TEXT_COUNT_CAP + 1 matching ids, in no
    order. When that is all of them, they are the count, and the page is sorted from
    them; when not, the term is common, and reading in the sort order soon fills the
    page. Either way neither statement reads every employer for a rare term, nor sorts
    every employer for a common one."""
    found = _matching_ids(_conditions(f, for_count=True), TEXT_COUNT_CAP + 1)
    capped = len(found) > TEXT_COUNT_CAP
    last_page = max(1, -(-len(found) // page_size))
    page = min(f.page, last_page)
    offset = (page - 1) * page_size
    if not capped:
        ids = _page_ids([Employer.id.in_(found)], f.sort, offset, page_size) if found else []
    else:
        # No index gives the place order: sort the matches then.
        in_order = f.sort != "place"
        ids = _page_ids(_conditions(f, in_order=in_order), f.sort, offset, page_size)
    return EmployerPage(
        rows=_rows(ids),
        total=TEXT_COUNT_CAP if capped else len(found),
        page=page,
        page_size=page_size,
        capped=capped,
    )


def list_employers(f: EmployerFilter, page_size: int) -> EmployerPage:
    """One page of employers and how many match, in a few statements (never more than
    eight). The page's ids come first (sorted from an index where one fits, narrow rows
    otherwise); a short page tells the total without a count; then the employers with
    their owners. A text search is counted first (see :func:`_search`)."""
    f = f.normalised()
    if f.q and not _is_organisation_number(f.q):
        return _search(f, page_size)
    where = _conditions(f)
    page = f.page
    ids = _page_ids(where, f.sort, (page - 1) * page_size, page_size)
    if len(ids) < page_size and (ids or page == 1):
        total = (page - 1) * page_size + len(ids)
    else:
        counted = sa.select(Employer.id).where(*_conditions(f, for_count=True))
        total = db.session.scalar(sa.select(sa.func.count()).select_from(counted.subquery())) or 0
        last_page = max(1, -(-total // page_size))
        if page > last_page:  # past the end: show the last page
            page = last_page
            ids = _page_ids(where, f.sort, (page - 1) * page_size, page_size)
    return EmployerPage(rows=_rows(ids), total=total, page=page, page_size=page_size)


def owners(viewer: User, include_id: int | None = None) -> list[tuple[int, str]]:
    """The users offered as employer owners (filter and field): the active members of the
    viewer's team and the viewer (everyone active for an admin or a user without a team),
    plus ``include_id`` (the current owner, who may be in another team)."""
    who = User.active.is_(True)
    if viewer.role != Role.ADMIN and viewer.team_id is not None:
        who = sa.and_(who, sa.or_(User.team_id == viewer.team_id, User.id == viewer.id))
    if include_id is not None:
        who = sa.or_(who, User.id == include_id)
    return [
        (row.id, row.name)
        for row in db.session.execute(sa.select(User.id, User.name).where(who).order_by(User.name))
    ]


@dataclass
class FollowUpItem:
    """A follow-up, from a logged contact ("contact") or planned on its own ("planned")."""

    kind: str
    id: int
    due: date
    employer_id: int
    employer_name: str
    specialist_id: int
    specialist_name: str
    text: str | None
    jobseeker_id: int | None = None
    jobseeker_reference: str | None = None  # only when the viewer may see the jobseeker
    done: bool = False


@dataclass
class EmployerDetails:
    employer: Employer
    contacts: list[EmployerContact]
    contact_count: int
    job_starts: list[JobStart]
    next_follow_up: FollowUpItem | None
    visible_jobseeker_ids: set[int] = field(default_factory=set)
    timeline_page: int = 1
    timeline_pages: int = 1


TIMELINE_PAGE = 50


def employer_details(
    viewer: User, employer_id: int, timeline_page: int = 1, page_size: int = TIMELINE_PAGE
) -> EmployerDetails:
    """The employer with what its page shows (one page of its contact history, newest
    first), in a fixed number of statements."""
    employer = db.session.scalar(
        sa.select(Employer)
        .where(Employer.id == employer_id)
        .options(
            joinedload(Employer.owner),
            joinedload(Employer.parent),
            selectinload(Employer.worksites),
            selectinload(Employer.contact_people),
            selectinload(Employer.tag_rows),
            selectinload(Employer.accommodations).joinedload(EmployerAccommodation.recorded_by),
        )
    )
    if employer is None:
        raise NotFound(N_("No such employer."))
    contacts = list(
        db.session.scalars(
            sa.select(EmployerContact)
            .where(EmployerContact.employer_id == employer_id)
            .options(
                joinedload(EmployerContact.specialist),
                joinedload(EmployerContact.contact_person),
                joinedload(EmployerContact.jobseeker),
            )
            .order_by(EmployerContact.occurred_at.desc(), EmployerContact.id.desc())
            .limit(page_size)
            .offset((max(1, timeline_page) - 1) * page_size)
        )
    )
    contact_count = (
        db.session.scalar(
            sa.select(sa.func.count(EmployerContact.id)).where(
                EmployerContact.employer_id == employer_id
            )
        )
        or 0
    )
    job_starts = list(
        db.session.scalars(
            sa.select(JobStart)
            .where(JobStart.employer_id == employer_id)
            .options(joinedload(JobStart.jobseeker))
            .order_by(JobStart.start_date.desc())
        )
    )
    jobseeker_ids = {c.jobseeker_id for c in contacts if c.jobseeker_id} | {
        s.jobseeker_id for s in job_starts
    }
    visible: set[int] = set()
    if jobseeker_ids:
        visible = set(
            db.session.scalars(
                sa.select(Jobseeker.id).where(
                    Jobseeker.id.in_(jobseeker_ids), jobseeker_filter(viewer)
                )
            )
        )
    return EmployerDetails(
        employer=employer,
        contacts=contacts,
        contact_count=contact_count,
        job_starts=job_starts,
        next_follow_up=next_follow_up(employer_id),
        visible_jobseeker_ids=visible,
        timeline_page=max(1, timeline_page),
        timeline_pages=max(1, -(-contact_count // page_size)),
    )


def next_follow_up(employer_id: int) -> FollowUpItem | None:
    """The earliest open follow-up for this employer (from a contact or planned)."""
    contact = db.session.execute(
        sa.select(EmployerContact, User.name)
        .join(User, User.id == EmployerContact.specialist_id)
        .where(
            EmployerContact.employer_id == employer_id,
            EmployerContact.follow_up_done.is_(False),
            EmployerContact.follow_up_due.is_not(None),
        )
        .order_by(EmployerContact.follow_up_due, EmployerContact.id)
        .limit(1)
    ).first()
    planned = db.session.execute(
        sa.select(PlannedFollowUp, User.name)
        .join(User, User.id == PlannedFollowUp.specialist_id)
        .where(PlannedFollowUp.employer_id == employer_id, PlannedFollowUp.done.is_(False))
        .order_by(PlannedFollowUp.due, PlannedFollowUp.id)
        .limit(1)
    ).first()
    items = []
    if contact is not None:
        c, name = contact
        items.append(
            FollowUpItem(
                "contact", c.id, c.follow_up_due, employer_id, "", c.specialist_id, name,
                c.next_step,
            )
        )  # fmt: skip
    if planned is not None:
        p, name = planned
        items.append(
            FollowUpItem(
                "planned", p.id, p.due, employer_id, "", p.specialist_id, name, p.note,
            )
        )  # fmt: skip
    return min(items, key=lambda i: i.due) if items else None


def contact_people(employer_id: int) -> list[ContactPerson]:
    return list(
        db.session.scalars(
            sa.select(ContactPerson)
            .where(ContactPerson.employer_id == employer_id)
            .order_by(ContactPerson.name)
        )
    )
