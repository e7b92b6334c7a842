"""``ipscrm users``: create, list, set passwords, deactivate."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ipscrm.cli.common import echo_json, handle_domain_errors, read_password_stdin
from ipscrm.models import Role
from ipscrm.services import users as users_service


@click.group()
def users() -> None:
    """Manage users."""


@users.command("create")
@click.option("--email", required=True, help="Login e-mail address.")
@click.option("--name", required=True, help="Full name.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.SPECIALIST.value,
    show_default=True,
)
@click.option("--team", "team_name", help="Team name (created if it does not exist).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create(email: str, name: str, role: str, team_name: str | None, password_stdin: bool) -> None:
    """Create a user. The password is asked for, or read with --password-stdin."""
    if password_stdin:
        password = read_password_stdin()
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with handle_domain_errors():
        team_id = users_service.get_or_create_team(team_name).id if team_name else None
        user = users_service.create_user(email, name, password, role=role, team_id=team_id)
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def list_(as_json: bool) -> None:
    """List users."""
    rows = [
        {
            "id": u.id,
            "email": u.email,
            "name": u.name,
            "role": u.role.value,
            "team": u.team.name if u.team else None,
            "active": u.active,
        }
        for u in users_service.list_users()
    ]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No users yet. Create one with: ipscrm users create --email ... --name ...")
        return
    width = max(len(r["email"]) for r in rows)
    for r in rows:
        state = "" if r["active"] else "  (deactivated)"
        click.echo(
            f"{r['id']:>5}  {r['email']:<{width}}  {r['role']:<10}  {r['team'] or '-':<16}  {r['name']}{state}"
        )


@users.command("set-password")
@click.option("--email", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def set_password(email: str, password_stdin: bool) -> None:
    """Set a user's password."""
    user = users_service.get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    password = (
        read_password_stdin()
        if password_stdin
        else click.prompt("New password", hide_input=True, confirmation_prompt=True)
    )
    with handle_domain_errors():
        users_service.set_password(user.id, password)
    click.echo(f"Password changed for {user.email}.")


@users.command("deactivate")
@click.option("--email", required=True)
@with_appcontext
def deactivate(email: str) -> None:
    """Deactivate a user: they can no longer log in; their history stays."""
    user = users_service.get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    users_service.set_active(user.id, False)
    click.echo(f"Deactivated {user.email}.")
