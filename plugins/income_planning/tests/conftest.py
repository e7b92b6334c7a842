"""Fixtures of the income-planning tests."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def seeded_g(app_ctx):
    """G as the migration seeds it (PostgreSQL test runs empty every table per test)."""
    from ipscrm_income_planning import services

    for valid_from, amount in ((date(2024, 5, 1), 124_028), (date(2025, 5, 1), 130_160)):
        if services.g_on(valid_from) is None or services.g_on(valid_from).valid_from != valid_from:
            services.set_g(valid_from, amount, None)
    return services.g_values()
