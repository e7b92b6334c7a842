"""The CLI from day one: users and the demo portfolio. Every check re-opens the database."""

import json

import sqlalchemy as sa


def test_users_create_with_password_from_stdin(run_cli, reopen):
    result = run_cli(
        "users",
        "create",
        "--email",
        "Kari@NAV.no",
        "--name",
        "Kari Nordmann",
        "--role",
        "supervisor",
        "--team",
        "Team Oslo",
        "--password-stdin",
        input="et langt passord\n",
    )
    assert result.exit_code == 0, result.output
    assert "kari@nav.no" in result.output
    with reopen() as conn:
        row = conn.execute(
            sa.text(
                "SELECT u.email, u.name, u.role, u.active, t.name, u.password_hash FROM users u JOIN teams t ON t.id = u.team_id"
            )
        ).one()
    assert row[:5] == ("kari@nav.no", "Kari Nordmann", "supervisor", True, "Team Oslo")
    assert "et langt passord" not in row[5]


def test_users_create_prompts_for_password(run_cli, reopen):
    result = run_cli(
        "users",
        "create",
        "--email",
        "ola@nav.no",
        "--name",
        "Ola",
        input="hemmelig-passord\nhemmelig-passord\n",
    )
    assert result.exit_code == 0, result.output
    with reopen() as conn:
        assert conn.execute(sa.text("SELECT role FROM users")).scalar_one() == "specialist"


def test_users_create_refuses_bad_input_with_a_clear_message(run_cli, reopen):
    ok = run_cli(
        "users",
        "create",
        "--email",
        "a@nav.no",
        "--name",
        "A",
        "--password-stdin",
        input="langt-passord\n",
    )
    assert ok.exit_code == 0
    dup = run_cli(
        "users",
        "create",
        "--email",
        "A@nav.no",
        "--name",
        "B",
        "--password-stdin",
        input="langt-passord\n",
    )
    assert dup.exit_code == 1
    assert "already exists" in dup.output
    short = run_cli(
        "users", "create", "--email", "b@nav.no", "--name", "B", "--password-stdin", input="kort\n"
    )
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    bad = run_cli(
        "users",
        "create",
        "--email",
        "ikke-epost",
        "--name",
        "C",
        "--password-stdin",
        input="langt-passord\n",
    )
    assert bad.exit_code == 1 and "not a valid e-mail" in bad.output
    role = run_cli(
        "users",
        "create",
        "--email",
        "c@nav.no",
        "--name",
        "C",
        "--role",
        "boss",
        "--password-stdin",
        input="langt-passord\n",
    )
    assert role.exit_code == 2
    with reopen() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM users")).scalar_one() == 1


def test_users_list(run_cli):
    run_cli(
        "users",
        "create",
        "--email",
        "z@nav.no",
        "--name",
        "Zoe",
        "--password-stdin",
        input="langt-passord\n",
    )
    run_cli(
        "users",
        "create",
        "--email",
        "a@nav.no",
        "--name",
        "Anne",
        "--role",
        "admin",
        "--password-stdin",
        input="langt-passord\n",
    )
    text = run_cli("users", "list")
    assert text.exit_code == 0
    assert text.output.index("Anne") < text.output.index("Zoe")
    rows = json.loads(run_cli("users", "list", "--json").output)
    assert [(r["email"], r["role"]) for r in rows] == [
        ("a@nav.no", "admin"),
        ("z@nav.no", "specialist"),
    ]


def test_users_deactivate_and_set_password(run_cli, reopen):
    run_cli(
        "users",
        "create",
        "--email",
        "z@nav.no",
        "--name",
        "Zoe",
        "--password-stdin",
        input="langt-passord\n",
    )
    with reopen() as conn:
        old_hash = conn.execute(sa.text("SELECT password_hash FROM users")).scalar_one()
    assert (
        run_cli(
            "users",
            "set-password",
            "--email",
            "z@nav.no",
            "--password-stdin",
            input="nytt-langt-passord\n",
        ).exit_code
        == 0
    )
    assert run_cli("users", "deactivate", "--email", "z@nav.no").exit_code == 0
    assert run_cli("users", "deactivate", "--email", "nobody@nav.no").exit_code == 1
    with reopen() as conn:
        new_hash, active = conn.execute(sa.text("SELECT password_hash, active FROM users")).one()
    assert new_hash != old_hash and not active


def test_demo_loads_a_realistic_portfolio_once(run_cli, reopen):
    result = run_cli("demo")
    assert result.exit_code == 0, result.output
    assert "spesialist@demo.ipscrm.no" in result.output
    with reopen() as conn:
        count = lambda sql: conn.execute(sa.text(sql)).scalar_one()  # noqa: E731
        assert count("SELECT count(*) FROM employers") == 200
        assert count("SELECT count(DISTINCT business_municipality_number) FROM employers") >= 5
        assert count("SELECT count(DISTINCT industry_code_1) FROM employers") >= 10
        assert count("SELECT count(*) FROM employers WHERE parent_id IS NOT NULL") >= 6
        assert count("SELECT count(*) FROM contact_people") > 50
        assert count("SELECT count(*) FROM employer_accommodations") > 50
        assert count("SELECT count(*) FROM employer_contacts") > 300
        assert count("SELECT count(*) FROM jobseekers") == 15
        assert count("SELECT count(*) FROM job_starts") >= 3
        assert count("SELECT count(*) FROM teams") == 2
        assert count("SELECT count(DISTINCT occurred_on) FROM employer_contacts") > 40
    again = run_cli("demo")
    assert again.exit_code == 1 and "--force" in again.output
    quiet = run_cli("demo", "--if-empty")
    assert quiet.exit_code == 0
    with reopen() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM employers")).scalar_one() == 200
    forced = run_cli("demo", "--force", "--seed", "7")
    assert forced.exit_code == 0, forced.output
    with reopen() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM employers")).scalar_one() == 400
        assert conn.execute(sa.text("SELECT count(*) FROM users")).scalar_one() == 8


def test_flask_commands_are_part_of_ipscrm(run_cli):
    routes = run_cli("routes")
    assert routes.exit_code == 0 and "/login" in routes.output
    assert run_cli("db", "current").exit_code == 0
