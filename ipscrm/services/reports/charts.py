"""Charts of a report as server-side SVG (pygal): readable without JavaScript, embedded
inline in the page, each shown beside a table with the same numbers.

pygal's inline tooltip script is removed (the pages' Content-Security-Policy forbids
inline scripts and the tables carry the numbers anyway); the SVG gets ``role="img"``
and an accessible name."""

from __future__ import annotations

import re

import pygal
from flask_babel import gettext
from markupsafe import Markup, escape
from pygal.style import Style

from ipscrm.i18n import translate
from ipscrm.services.reports import Report
from ipscrm.services.reports.rows import Msg
from ipscrm.web.labels import label_for

WEEKS_SHOWN = 12
STYLE = Style(
    background="transparent",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    colors=("#0b4f6c", "#b35900", "#4a7a1f", "#6f42c1", "#444444"),
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=15,
    value_font_size=11,
)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def _config(title: str, **extra) -> dict:
    return {
        "js": [],
        "disable_xml_declaration": True,
        "style": STYLE,
        "title": title,
        "width": 640,
        "height": 320,
        "legend_at_bottom": True,
        "print_values": False,
        "show_y_guides": True,
        "explicit_size": False,
        "margin": 12,
        "truncate_label": -1,
        **extra,
    }


def _svg(chart, title: str) -> Markup:
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    svg = svg.replace(
        "<svg ", f'<svg role="img" aria-label="{escape(title)}" focusable="false" ', 1
    )
    return Markup(svg)  # noqa: S704 - pygal escapes labels; the titles are escaped above


def _counts_axis(chart, values: list[int]) -> None:
    """Whole numbers on the value axis of a chart of counts."""
    top = max([*values, 4])
    step = max(1, -(-top // 8))
    chart.y_labels = list(range(0, top + step, step))


def weekly_chart(report: Report) -> Markup:
    """Face-to-face contacts per specialist per week, against the target line, over the
    last weeks of the period."""
    weeks = report.contacts.team_weeks[-WEEKS_SHOWN:]
    n = max(len(report.scope.specialists), 1)
    title = gettext("Face-to-face contacts per specialist per week")
    chart = pygal.Line(**_config(title, min_scale=4, range=None, x_label_rotation=0))
    chart.x_labels = [f"{w.week.week}" for w in weeks]
    chart.x_title = gettext("ISO week")
    chart.add(gettext("Total"), [round(w.total / n, 1) for w in weeks])
    chart.add(gettext("General"), [round(w.general / n, 1) for w in weeks])
    chart.add(gettext("Jobseeker-specific"), [round(w.specific / n, 1) for w in weeks])
    chart.add(
        gettext("Target"),
        [report.targets.weekly_contacts] * len(weeks),
        show_dots=False,
        stroke_style={"width": 2, "dasharray": "6, 4"},
    )
    return _svg(chart, title)


def first_contact_chart(report: Report) -> Markup:
    title = gettext("Days from program entry to first face-to-face contact")
    chart = pygal.Bar(**_config(title, show_legend=False, print_values=True))
    buckets = report.first_contact.buckets
    chart.x_labels = [
        gettext("still waiting") if b.label == "waiting" else b.label for b in buckets
    ]
    chart.add(gettext("Jobseekers"), [b.count for b in buckets])
    _counts_axis(chart, [b.count for b in buckets])
    return _svg(chart, title)


def funnel_chart(report: Report) -> Markup:
    title = gettext("Employers per relationship stage")
    chart = pygal.HorizontalBar(**_config(title, show_legend=False, print_values=True))
    funnel = list(reversed(report.portfolio.funnel))  # first stage at the top
    chart.x_labels = [label_for(stage) for stage, _n in funnel]
    chart.add(gettext("Employers"), [n for _stage, n in funnel])
    _counts_axis(chart, [n for _stage, n in funnel])
    return _svg(chart, title)


def job_starts_chart(report: Report) -> Markup:
    title = gettext("Job starts per month")
    chart = pygal.Bar(**_config(title, show_legend=False, print_values=True))
    months = report.job_starts.by_month
    chart.x_labels = list(months)
    chart.x_label_rotation = 30 if len(months) > 6 else 0
    chart.add(gettext("Job starts"), list(months.values()))
    _counts_axis(chart, list(months.values()))
    return _svg(chart, title)


def msg_text(value: Msg | str) -> str:
    if isinstance(value, Msg):
        return translate(value.msgid, value.params)
    return translate(value)
