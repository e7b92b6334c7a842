"""Log in (throttled), log out, change one's own password, switch language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from ipscrm.i18n import translate
from ipscrm.services import login_throttle, users
from ipscrm.services.errors import ValidationFailed
from ipscrm.web.auth.forms import ChangePasswordForm, LoginForm

bp = Blueprint("auth", __name__)

# Pages a user with a temporary password may still open.
_OPEN_WITH_TEMPORARY_PASSWORD = {
    "auth.change_password",
    "auth.logout",
    "auth.set_language",
    "auth.login",
    "static",
}


def safe_next(target: str | None) -> str | None:
    """Only redirect to a path on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _refusal_message(refusal: login_throttle.Refusal) -> str:
    if refusal.blocked:
        return gettext(
            "Too many failed login attempts. Logging in is blocked for %(minutes)s minutes.",
            minutes=refusal.wait_minutes,
        )
    return gettext(
        "Too many failed login attempts. Wait %(seconds)s seconds and try again.",
        seconds=refusal.wait_seconds,
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email, ip = form.email.data, request.remote_addr
        refusal = login_throttle.check(email, ip)
        if refusal is not None:
            form.password.errors.append(_refusal_message(refusal))
            status = 429
        else:
            user = users.authenticate(email, form.password.data)
            if user is None:
                form.password.errors.append(gettext("Wrong e-mail or password."))
                refusal = login_throttle.record_failure(email, ip)
                if refusal is not None and refusal.blocked:
                    form.password.errors.append(_refusal_message(refusal))
            else:
                login_throttle.record_success(email)
                session.clear()
                login_user(user)
                return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
    response = current_app.make_response(render_template("auth/login.html", form=form))
    response.status_code = status
    if status == 429 and refusal is not None:
        response.headers["Retry-After"] = str(refusal.wait_seconds)
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    session.clear()
    flash(gettext("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            users.change_own_password(
                current_user.id, form.current_password.data, form.new_password.data
            )
        except ValidationFailed as err:
            form[err.field or "new_password"].errors.append(translate(err.message, err.params))
        else:
            # The new password ends every other session; this one carries on.
            login_user(users.get_user(current_user.id))
            flash(gettext("Your password has been changed."), "success")
            return redirect(url_for("home.index"))
    return render_template(
        "auth/change_password.html",
        form=form,
        min_length=current_app.config["PASSWORD_MIN_LENGTH"],
    )


@bp.before_app_request
def require_own_password():
    """A user with a temporary password must choose their own before anything else."""
    if (
        request.endpoint not in _OPEN_WITH_TEMPORARY_PASSWORD
        and current_user.is_authenticated
        and current_user.must_change_password
    ):
        flash(gettext("Choose a password of your own before you continue."), "warning")
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next")) or url_for("home.index"))
