"""My week: the specialist's figures and tasks for this ISO week."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required

from ipscrm.services.contacts import face_to_face_count
from ipscrm.timeutil import iso_week_bounds, today

bp = Blueprint("home", __name__)


@bp.route("/")
@login_required
def index():
    monday, sunday = iso_week_bounds(today())
    return render_template(
        "home/index.html",
        face_to_face=face_to_face_count(current_user.id, monday, sunday),
        target=current_app.config["WEEKLY_CONTACT_TARGET"],
        week=today().isocalendar().week,
    )
