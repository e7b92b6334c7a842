"""Configuration layers, the Whoosh fork check and the default database."""

import os

import pytest

from ipscrm import create_app
from ipscrm.search import dependency


def test_config_layers(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "ipscrm.cfg").write_text(
        "WEEKLY_CONTACT_TARGET = 7\nCASELOAD_MAX = 18\nPAGE_SIZE = 25\n", encoding="utf-8"
    )
    monkeypatch.setenv("IPSCRM_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("IPSCRM_CASELOAD_MAX", "15")
    monkeypatch.setenv("IPSCRM_PAGE_SIZE", "30")
    monkeypatch.delenv("IPSCRM_DATABASE_URL", raising=False)
    app = create_app({"PAGE_SIZE": 40})
    assert app.config["FIRST_CONTACT_TARGET_DAYS"] == 14  # default
    assert app.config["WEEKLY_CONTACT_TARGET"] == 7  # instance file
    assert app.config["CASELOAD_MAX"] == 15  # environment over file
    assert app.config["PAGE_SIZE"] == 40  # test config over all
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + os.path.join(
        str(instance), "ipscrm.db"
    )
    assert os.path.exists(instance / "secret_key")
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_database_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("IPSCRM_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("IPSCRM_DATABASE_URL", "sqlite:///" + str(tmp_path / "other.db"))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("other.db")


def test_whoosh_reloaded_is_accepted():
    dependency.check_whoosh_distribution()


def test_another_whoosh_fork_is_refused(monkeypatch):
    monkeypatch.setattr(
        dependency.metadata,
        "packages_distributions",
        lambda: {"whoosh": ["Whoosh", "Whoosh-Reloaded"]},
    )
    with pytest.raises(dependency.WhooshMismatch) as err:
        dependency.check_whoosh_distribution()
    assert "whoosh-reloaded==2.7.5" in str(err.value)
    assert "Whoosh" in str(err.value) and "pip uninstall" in str(err.value)


def test_wrong_whoosh_reloaded_version_is_refused(monkeypatch):
    monkeypatch.setattr(dependency.metadata, "version", lambda name: "2.7.4")
    with pytest.raises(dependency.WhooshMismatch, match="2.7.4"):
        dependency.check_whoosh_distribution()


def test_app_refuses_to_start_on_a_fork(monkeypatch, tmp_path):
    monkeypatch.setenv("IPSCRM_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setattr(
        dependency.metadata, "packages_distributions", lambda: {"whoosh": ["Whoosh"]}
    )
    with pytest.raises(dependency.WhooshMismatch):
        create_app()
