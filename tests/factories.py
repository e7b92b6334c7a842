"""Small builders for test data, going through the services where the services own
the rules (so tests exercise the same paths as users)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from ipscrm.models import Employer, Jobseeker, Role, Team, User
from ipscrm.services import employers, jobseekers, users
from ipscrm.timeutil import today
from ipscrm.validation import orgnr_check_digit

_counter = itertools.count(1)


def make_orgnr(seed: int) -> str:
    """A valid organisation number derived from ``seed``."""
    n = seed
    while True:
        first = f"9{n:07d}"[-8:]
        check = orgnr_check_digit(first)
        if check is not None:
            return f"{first}{check}"
        n += 1


class Factory:
    def team(self, name: str | None = None) -> Team:
        return users.get_or_create_team(name or f"Team {next(_counter)}")

    def user(
        self,
        role: Role | str = Role.SPECIALIST,
        team: Team | None = None,
        email: str | None = None,
        name: str | None = None,
        password: str = "correct horse battery",
    ) -> User:
        n = next(_counter)
        return users.create_user(
            email or f"user{n}@example.no",
            name or f"User {n}",
            password,
            role=role,
            team_id=team.id if team else None,
        )

    def employer(
        self, actor: User | None = None, tags: list[str] | None = None, **fields: Any
    ) -> Employer:
        n = next(_counter)
        data = {"name": f"Arbeidsgiver {n} AS", "organisation_number": make_orgnr(10_000 + n * 7)}
        data.update(fields)
        return employers.create_employer(data, actor.id if actor else None, tags=tags or [])

    def jobseeker(self, specialist: User, **fields: Any) -> Jobseeker:
        n = next(_counter)
        data = {"reference": f"JS-{n:04d}", "program_entry_date": today() - timedelta(days=30)}
        data.update(fields)
        return jobseekers.create_jobseeker(specialist, data)

    @staticmethod
    def days_ago(days: int) -> date:
        return today() - timedelta(days=days)
