"""My week: the specialist's figures and tasks for this ISO week."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required

from ipscrm.services.my_week import my_week
from ipscrm.timeutil import today
from ipscrm.web.followups.forms import RescheduleForm

bp = Blueprint("home", __name__)


@bp.route("/")
@login_required
def index():
    week = my_week(
        current_user,
        current_app.config["WEEKLY_CONTACT_TARGET"],
        current_app.config["FIRST_CONTACT_TARGET_DAYS"],
    )
    return render_template(
        "home/index.html",
        w=week,
        today=today(),
        first_contact_days=current_app.config["FIRST_CONTACT_TARGET_DAYS"],
        reschedule_form=RescheduleForm(formdata=None),
    )
