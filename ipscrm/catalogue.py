"""The seeded accommodation catalogue (DOMAIN.md). The codes are stable: imports,
matching preferences and plugins refer to them."""

from __future__ import annotations

# (code, Norwegian name, English name)
DEFAULT_ACCOMMODATIONS: tuple[tuple[str, str, str], ...] = (
    ("flexible_hours", "fleksibel arbeidstid", "flexible hours"),
    (
        "gradual_start",
        "gradvis opptrapping (f.eks. 25 % → 100 %)",
        "part-time start, gradual increase",
    ),
    ("adjusted_tasks", "tilpassede arbeidsoppgaver", "adjusted tasks (job carving)"),
    ("mentor", "fadder/mentor på arbeidsplassen", "workplace mentor or buddy"),
    ("quiet_workspace", "skjermet arbeidsplass", "quiet workspace"),
    ("written_instructions", "skriftlige instruksjoner", "written instructions"),
    ("treatment_time_off", "fri til behandlingsavtaler", "time off for treatment appointments"),
    ("remote_days", "hjemmekontor enkelte dager", "remote work some days"),
    ("slow_start_ok", "rom for rolig oppstart", "room for a slow start"),
    ("arbeidstrening", "arbeidstrening (NAV)", "work trial (NAV)"),
    ("lonnstilskudd", "lønnstilskudd (NAV)", "wage subsidy (NAV)"),
    ("inkluderingstilskudd", "inkluderingstilskudd (NAV)", "inclusion grant (NAV)"),
    ("nav_mentor", "mentortilskudd (NAV)", "mentor grant (NAV)"),
    ("funksjonsassistanse", "funksjonsassistanse (NAV)", "functional assistance (NAV)"),
)


def catalogue_rows() -> list[dict[str, object]]:
    """The seed rows, as inserted by the initial migration and by ``seed``."""
    return [
        {
            "code": code,
            "name_nb": name_nb,
            "name_en": name_en,
            "active": True,
            "builtin": True,
            "sort_order": (i + 1) * 10,
        }
        for i, (code, name_nb, name_en) in enumerate(DEFAULT_ACCOMMODATIONS)
    ]
