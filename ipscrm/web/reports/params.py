"""Reading a report's query string (team, specialists, period) into a scope and a
period, with the viewer's access checked; bad values become a clear 400 message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import abort
from werkzeug.datastructures import MultiDict

from ipscrm.extensions import db
from ipscrm.i18n import N_, translate
from ipscrm.models import User
from ipscrm.services.errors import DomainError, Forbidden, NotFound, ValidationFailed
from ipscrm.services.reports.periods import Period, make_period, parse_day, parse_week
from ipscrm.services.reports.scope import (
    Scope,
    default_team_id,
    require_team_report,
    specialist_scope,
    team_scope,
)


@dataclass
class Request:
    scope: Scope
    period: Period
    args: dict[str, Any] = field(default_factory=dict)  # to rebuild links and exports
    specialist_id: int | None = None  # a drill-down narrowed to one specialist


def _int(value: str | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError as err:
        raise ValidationFailed(
            N_("“%(value)s” is not a number."), {"value": value}, field=name
        ) from err


def _period(args: MultiDict) -> Period:
    if args.get("week"):
        week = parse_week(args["week"])
        return Period(week.monday, week.sunday)
    return make_period(parse_day(args.get("from"), "from"), parse_day(args.get("to"), "to"))


def resolve(viewer: User, args: MultiDict, team_mode: bool) -> Request:
    """The report a query string asks for. ``team_mode``: the team report (supervisors
    and admins); otherwise one specialist's own figures (``specialist=``, default the
    viewer), unless the query names a team."""
    period = _period(args)
    specialist_id = _int(args.get("specialist"), "specialist")
    team_id = _int(args.get("team"), "team")
    base: dict[str, Any] = {"from": period.first.isoformat(), "to": period.last.isoformat()}
    if team_mode or team_id is not None:
        require_team_report(viewer)
        team_id = team_id if team_id is not None else default_team_id(viewer)
        if team_id is None:
            raise NotFound(N_("There is no team to report on yet."))
        only = [_int(v, "specialists") for v in args.getlist("specialists") if v]
        scope = team_scope(viewer, team_id, period, [i for i in only if i is not None])
        base["team"] = team_id
        if only:
            base["specialists"] = only
        return Request(scope, period, base, specialist_id)
    target = viewer if specialist_id is None else db.session.get(User, specialist_id)
    if target is None:
        raise NotFound(N_("No such user."))
    scope = specialist_scope(viewer, target)
    if target.id != viewer.id:
        base["specialist"] = target.id
    return Request(scope, period, base, target.id)


def resolve_or_abort(viewer: User, args: MultiDict, team_mode: bool) -> Request:
    try:
        return resolve(viewer, args, team_mode)
    except Forbidden:
        abort(403)
    except NotFound as err:
        abort(404, translate(err.message, err.params))
    except DomainError as err:
        abort(400, translate(err.message, err.params))
