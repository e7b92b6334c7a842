"""WSGI entry point: ``gunicorn wsgi:app``."""

from ipscrm import create_app

app = create_app()
