"""Report pages: thin views that resolve the scope and period, build the report with
the service and render it (or export one of its tables as CSV)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ipscrm.extensions import db
from ipscrm.i18n import translate
from ipscrm.models import Role, User
from ipscrm.services.errors import DomainError
from ipscrm.services.reports import build_report, charts, tables
from ipscrm.services.reports.contacts import contact_rows
from ipscrm.services.reports.jobseekers import job_start_rows
from ipscrm.services.reports.periods import current_quarter, quarter_period
from ipscrm.services.reports.scope import (
    default_team_id,
    require_team_report,
    team_scope,
    visible_teams,
)
from ipscrm.web.csv_export import no_formula
from ipscrm.web.labels import label_for
from ipscrm.web.reports.params import Request, resolve_or_abort

bp = Blueprint("reports", __name__, url_prefix="/reports")
PAGE_SIZE = 100


@bp.errorhandler(400)
def bad_request(err):
    return (
        render_template(
            "errors/error.html",
            code=400,
            title=gettext("The report cannot be shown"),
            message=err.description,
        ),
        400,
    )


def _page(req: Request, template: str, **context: Any) -> str:
    report = build_report(req.scope, req.period)
    return render_template(
        template,
        req=req,
        report=report,
        tables={name: build(report) for name, build in tables.TABLES.items()},
        charts={
            "weekly": charts.weekly_chart(report),
            "first_contact": charts.first_contact_chart(report),
            "funnel": charts.funnel_chart(report),
            "job_starts": charts.job_starts_chart(report),
        },
        **context,
    )


@bp.route("/")
@login_required
def team():
    if current_user.role not in (Role.SUPERVISOR, Role.ADMIN):
        abort(403)
    req = resolve_or_abort(current_user, request.args, team_mode=True)
    members = team_scope(current_user, req.scope.team_id, req.period).specialists
    return _page(
        req,
        "reports/report.html",
        teams=visible_teams(current_user),
        members=members,
        selected={s.id for s in req.scope.specialists},
    )


@bp.route("/me")
@login_required
def mine():
    args = request.args.copy()
    args.pop("team", None)
    args.pop("specialist", None)
    req = resolve_or_abort(current_user, args, team_mode=False)
    return _page(req, "reports/report.html", teams=None, members=None, selected=None)


@bp.route("/contacts")
@login_required
def contacts():
    req = resolve_or_abort(current_user, request.args, team_mode=False)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows, count = contact_rows(
        req.scope, req.period, req.specialist_id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    specialist = db.session.get(User, req.specialist_id) if req.specialist_id else None
    return render_template(
        "reports/contacts.html",
        req=req,
        rows=rows,
        count=count,
        page=page,
        pages=max((count + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        specialist=specialist,
    )


@bp.route("/first-contact")
@login_required
def first_contact():
    req = resolve_or_abort(current_user, request.args, team_mode=False)
    report = build_report(req.scope, req.period)
    return render_template(
        "reports/first_contact.html",
        req=req,
        report=report,
        waiting=tables.waiting(report),
        cohort=tables.cohort(report),
    )


@bp.route("/job-starts")
@login_required
def job_starts():
    req = resolve_or_abort(current_user, request.args, team_mode=False)
    names = {s.id: s.name for s in req.scope.specialists}
    return render_template(
        "reports/job_starts.html",
        req=req,
        rows=job_start_rows(req.scope, req.period),
        names=names,
    )


@bp.route("/employers-without-contact")
@login_required
def stale_employers():
    req = resolve_or_abort(current_user, request.args, team_mode=False)
    report = build_report(req.scope, req.period)
    return render_template(
        "reports/stale.html", req=req, table=tables.stale(report), stale=report.portfolio.stale
    )


@bp.route("/export/<name>.csv")
@login_required
def export(name: str):
    build = tables.TABLES.get(name)
    if build is None:
        abort(404)
    req = resolve_or_abort(current_user, request.args, team_mode=False)
    table = build(build_report(req.scope, req.period))
    return csv_response(table, f"ipscrm-{name}-{req.period.first}-{req.period.last}.csv")


@bp.route("/fidelity")
@login_required
def fidelity():
    """The printable quarterly fidelity review of a team."""
    try:
        require_team_report(current_user)
    except DomainError:
        abort(403)
    quarter = request.args.get("quarter") or current_quarter()
    try:
        period = quarter_period(quarter)
    except DomainError as err:
        abort(400, translate(err.message, err.params))
    args = request.args.copy()
    args["from"], args["to"] = period.first.isoformat(), period.last.isoformat()
    args.setdefault("team", str(default_team_id(current_user) or ""))
    req = resolve_or_abort(current_user, args, team_mode=True)
    return _page(req, "reports/fidelity.html", quarter=quarter.upper())


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, tables.Msg):
        return charts.msg_text(value)
    return no_formula(value)


def csv_response(table: tables.Table, filename: str) -> Response:
    out = io.StringIO()
    out.write("\ufeff")  # spreadsheets then read the file as UTF-8
    writer = csv.writer(out)
    writer.writerow([gettext(c.label) for c in table.columns])
    stage_cols = {i for i, c in enumerate(table.columns) if c.key == "stage"}
    for row in table.rows:
        writer.writerow([label_for(v) if i in stage_cols else _cell(v) for i, v in enumerate(row)])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.app_template_filter("report_cell")
def report_cell(value: Any) -> str:
    from flask_babel import format_decimal

    if value is None:
        return "–"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, tables.Msg):
        return charts.msg_text(value)
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.0")
    if isinstance(value, int):
        return format_decimal(value, format="#,##0")
    return str(value)


@bp.app_template_filter("first_rows")
def first_rows(table: tables.Table, n: int) -> tables.Table:
    return replace(table, rows=table.rows[:n])


@bp.app_template_filter("report_text")
def report_text(value: Any) -> str:
    return charts.msg_text(value)


@bp.app_template_filter("with_query")
def with_query(url: str, **params: Any) -> str:
    """``url`` with more query parameters (cheaper than url_for in a loop of hundreds)."""
    return url + ("&" if "?" in url else "?") + urlencode(params)


@bp.app_template_global("id_url_prefix")
def id_url_prefix(endpoint: str, key: str) -> str | None:
    """The URL of ``endpoint`` (a route ending in ``/<int:key>``) without the id, to append
    ids to in a loop of hundreds with one url_for per page; None when no blueprint has it."""
    if endpoint not in current_app.view_functions:
        return None
    url = url_for(endpoint, **{key: 0})
    if not url.endswith("/0"):
        raise ValueError(f"{endpoint} does not end in /<int:{key}>: {url}")
    return url[:-1]


@bp.app_template_global("id_links")
def id_links(endpoint: str, key: str, ids: Iterable[int | None]) -> list[str | None] | None:
    """One link per id (None for a missing id) for the ``links`` of a report table."""
    prefix = id_url_prefix(endpoint, key)
    if prefix is None:
        return None
    return [None if i is None else f"{prefix}{i}" for i in ids]


@bp.app_template_global("report_url")
def report_url(endpoint: str, req: Request, **extra: Any) -> str:
    args = dict(req.args)
    args.update(extra)
    return url_for(endpoint, **{k: v for k, v in args.items() if v is not None})
