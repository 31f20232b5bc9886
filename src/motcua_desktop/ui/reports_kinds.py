"""The kinds of report the Reports page offers: how each is computed, exported and named.

No widgets here; the services and documents are imported when a report is
made, so the page opens even before a report kind's modules are installed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from motcua_desktop.domain.periods import Period
from motcua_desktop.domain.report_models import GroupBy
from motcua_desktop.i18n import N_


def _ii06a(group_by: GroupBy) -> Callable[..., Any]:
    def compute(ctx, period: Period, origin_id: str | None = None):
        from motcua_desktop.services import reports

        return reports.ii06a(ctx, period, group_by, origin_id=origin_id)

    return compute


def _figures(ctx, period: Period, origin_id: str | None = None):
    from motcua_desktop.services import report_figures

    return report_figures.figures(ctx, period, origin_id=origin_id)


def _objectives(ctx, period: Period, origin_id: str | None = None):
    from motcua_desktop.services import quality_objectives

    year = period.year or period.date_to.year
    return quality_objectives.evaluate(ctx, year, origin_id=origin_id)


def _ii06a_pdf(report) -> bytes:
    from motcua_desktop.documents.report_ii06a import build_ii06a_pdf

    return build_ii06a_pdf(report)


def _ii06a_xlsx(report) -> bytes:
    from motcua_desktop.documents.report_xlsx import ii06a_xlsx

    return ii06a_xlsx(report)


def _figures_pdf(report) -> bytes:
    from motcua_desktop.documents.report_figures import build_figures_pdf

    return build_figures_pdf(report, None)


def _figures_xlsx(report) -> bytes:
    from motcua_desktop.documents.report_xlsx import figures_xlsx

    return figures_xlsx(report)


def _objectives_pdf(report) -> bytes:
    from motcua_desktop.documents.report_objectives import build_objectives_pdf

    return build_objectives_pdf(report)


def _objectives_xlsx(report) -> bytes:
    from motcua_desktop.documents.report_xlsx import objectives_xlsx

    return objectives_xlsx(report)


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: str  # English source, translated where shown
    stem: str  # the default file name's start, e.g. "II06a"
    compute: Callable[..., Any]  # (ctx, period, origin_id=None) -> report
    pdf: Callable[[Any], bytes]
    xlsx: Callable[[Any], bytes]
    yearly: bool = False  # names its files by year, not by period

    def file_name(self, period: Period, suffix: str) -> str:
        """The default file name: "II06a_2026-11.pdf", "MucTieuChatLuong_2026.xlsx"…"""
        code = str(period.year or period.date_to.year) if self.yearly else period.code()
        return "{}_{}.{}".format(self.stem, code.replace("..", "_"), suffix)


KINDS = (
    ReportKind("ii06a_field", N_("II.06a by field"), "II06a", _ii06a(GroupBy.FIELD),
               _ii06a_pdf, _ii06a_xlsx),
    ReportKind("ii06a_procedure", N_("II.06a by field and procedure"), "II06a_TTHC",
               _ii06a(GroupBy.PROCEDURE), _ii06a_pdf, _ii06a_xlsx),
    ReportKind("figures", N_("Other figures"), "SoLieu", _figures, _figures_pdf, _figures_xlsx),
    ReportKind("objectives", N_("Quality objectives"), "MucTieuChatLuong", _objectives,
               _objectives_pdf, _objectives_xlsx, yearly=True),
)  # fmt: skip


def export_file(kind: ReportKind, report, fmt: str, path: str | Path) -> Path:
    """Render ``report`` as ``fmt`` ("pdf" or "xlsx") and write it whole to ``path`` (worker thread)."""
    from motcua_desktop.services.printing import write_atomically

    data = kind.pdf(report) if fmt == "pdf" else kind.xlsx(report)
    target = Path(path)
    write_atomically(target, data)
    return target
