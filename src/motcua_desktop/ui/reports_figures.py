"""The "other figures" report on screen: per procedure and per official, with a summary in words."""

from __future__ import annotations

from motcua_desktop.domain.dossier import Channel
from motcua_desktop.domain.report_models import FiguresReport, GroupFigures
from motcua_desktop.i18n import N_, _, format_number

FIGURES_HEADERS = (
    N_("Procedure / handling official"), N_("Received"), N_("Resolved"), N_("On time"),
    N_("Late"), N_("Returned by post"), N_("Supplement requests"), N_("Apologies"),
    N_("Average working days"),
)  # fmt: skip


def _days(value: float | None) -> str:
    return "—" if value is None else format_number(round(value, 1))


def _row(g: GroupFigures) -> tuple:
    return (
        "      " + g.label, g.received, g.resolved, g.on_time, g.late, g.returned_by_post,
        g.supplement_requests, g.apologies, _days(g.avg_working_days),
    )  # fmt: skip


def figures_rows(report: FiguresReport) -> tuple[tuple[str, ...], list[tuple], set[int]]:
    """(headers, rows, bold rows): a title row then the procedures, a title row then the officials."""
    rows: list[tuple] = []
    bold: set[int] = set()
    for title, groups in (
        (_("By procedure"), report.by_procedure),
        (_("By handling official"), report.by_official),
    ):
        bold.add(len(rows))
        rows.append((title,))
        rows.extend(_row(g) for g in groups)
        if not groups:
            rows.append(("      " + _("nothing in this period"),))
    return FIGURES_HEADERS, rows, bold


def figures_summary(report: FiguresReport) -> str:
    """The period's totals in one paragraph."""
    channel = report.by_channel
    n = format_number
    parts = (
        _("Received in person: {n}").format(n=n(channel.get(int(Channel.IN_PERSON), 0))),
        _("online: {n}").format(n=n(channel.get(int(Channel.ONLINE), 0))),
        _("by post: {n}").format(n=n(channel.get(int(Channel.POSTAL), 0))),
        _("Results returned at the desk: {n}").format(n=n(report.returned_at_desk)),
        _("by post: {n}").format(n=n(report.returned_by_post)),
        _("Supplement requests: {n}").format(n=n(report.supplement_requests)),
        _("Apology letters: {n}").format(n=n(report.apologies)),
        _("Refusals: {n}").format(n=n(report.refusals)),
        _("Average processing time: {days} working days over {n} dossiers").format(
            days=_days(report.avg_working_days), n=n(report.timed)
        ),
    )
    return "{}, {}, {}.  {}, {}.  {}.  {}.  {}.  {}.".format(*parts)
