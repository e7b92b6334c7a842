"""Job-development and fidelity reports (IPS-25 items) for a team, some of its
specialists or one specialist, over any period of local days.

Each figure comes from an SQL aggregate over the contact log, jobseekers, job starts and
employers (see the modules for the exact definitions); targets are settings in
:class:`ipscrm.config.Defaults`. :func:`build_report` gathers everything a page, a CSV
export or the command line shows; :mod:`ipscrm.services.reports.tables` turns it into
the tables all three print, so they always agree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app

from ipscrm.services.reports.contacts import ContactFigures, weekly_contacts
from ipscrm.services.reports.jobseekers import (
    CaseloadFigures,
    FirstContactFigures,
    JobStartFigures,
    caseload,
    first_contacts,
    job_starts,
)
from ipscrm.services.reports.periods import Period
from ipscrm.services.reports.portfolio import PortfolioFigures, portfolio
from ipscrm.services.reports.scope import Scope


@dataclass(frozen=True)
class Targets:
    weekly_contacts: int
    first_contact_days: int
    first_contact_limit_days: int
    caseload_max: int
    competitive_share: float
    employer_diversity: float
    job_type_diversity: float
    retention_days: int
    employer_no_contact_days: int

    @classmethod
    def from_config(cls, config: Any = None) -> Targets:
        c = config if config is not None else current_app.config
        return cls(
            weekly_contacts=int(c["WEEKLY_CONTACT_TARGET"]),
            first_contact_days=int(c["FIRST_CONTACT_TARGET_DAYS"]),
            first_contact_limit_days=int(c["FIRST_CONTACT_FIDELITY_DAYS"]),
            caseload_max=int(c["CASELOAD_MAX"]),
            competitive_share=float(c["COMPETITIVE_SHARE_TARGET"]),
            employer_diversity=float(c["EMPLOYER_DIVERSITY_TARGET"]),
            job_type_diversity=float(c["JOB_TYPE_DIVERSITY_TARGET"]),
            retention_days=int(c["RETENTION_DAYS"]),
            employer_no_contact_days=int(c["EMPLOYER_NO_CONTACT_DAYS"]),
        )


@dataclass(frozen=True)
class Report:
    scope: Scope
    period: Period
    targets: Targets
    contacts: ContactFigures
    first_contact: FirstContactFigures
    caseload: CaseloadFigures
    job_starts: JobStartFigures
    portfolio: PortfolioFigures


def build_report(scope: Scope, period: Period, targets: Targets | None = None) -> Report:
    t = targets or Targets.from_config()
    return Report(
        scope=scope,
        period=period,
        targets=t,
        contacts=weekly_contacts(scope, period, t.weekly_contacts),
        first_contact=first_contacts(
            scope, period, t.first_contact_days, t.first_contact_limit_days
        ),
        caseload=caseload(scope, period, t.caseload_max),
        job_starts=job_starts(scope, period, t.retention_days),
        portfolio=portfolio(scope, period, t.employer_no_contact_days),
    )


__all__ = ["Period", "Report", "Scope", "Targets", "build_report"]
