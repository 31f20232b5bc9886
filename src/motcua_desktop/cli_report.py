"""`motcua report`: report II.06a and the other reports to PDF, XLSX or JSON, without the GUI.

Each kind of report is an entry of ``REPORT_KINDS``: how to compute it and how
to write it in each format; their modules are imported only when asked for,
so a kind whose module is missing fails with one clear line. Later issues add
their kinds with ``register_kind``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from motcua_desktop.domain.errors import MotcuaError
from motcua_desktop.i18n import _

FORMATS = ("pdf", "xlsx", "json")


@dataclass(frozen=True)
class ReportRequest:
    """What the command line asked for, resolved: the period and whose dossiers."""

    period: Any  # domain.periods.Period
    group_by: str  # field | procedure | commune (II.06a only)
    origin_id: str | None  # one commune at the district


@dataclass(frozen=True)
class ReportKind:
    """One `--kind`: compute(ctx, request) -> report; pdf/xlsx(ctx, request, report) -> bytes."""

    name: str
    compute: Callable[[Any, ReportRequest], Any]
    pdf: Callable[[Any, ReportRequest, Any], bytes] | None = None
    xlsx: Callable[[Any, ReportRequest, Any], bytes] | None = None
    grouped: bool = False  # takes --by


def _ii06a(ctx, req: ReportRequest):
    from motcua_desktop.domain.report_models import GroupBy
    from motcua_desktop.services.reports import ii06a

    return ii06a(ctx, req.period, GroupBy(req.group_by), origin_id=req.origin_id)


def _ii06a_pdf(ctx, req, report) -> bytes:
    from motcua_desktop.documents.report_ii06a import build_ii06a_pdf

    return build_ii06a_pdf(report)


def _ii06a_xlsx(ctx, req, report) -> bytes:
    from motcua_desktop.documents.report_xlsx import ii06a_xlsx

    return ii06a_xlsx(report)


def _figures(ctx, req: ReportRequest):
    from motcua_desktop.services.report_figures import figures

    return figures(ctx, req.period, origin_id=req.origin_id)


def _figures_pdf(ctx, req: ReportRequest, report) -> bytes:
    from motcua_desktop.documents.report_figures import build_figures_pdf
    from motcua_desktop.domain.periods import month_of
    from motcua_desktop.services.dashboard import chart_data

    last = month_of(req.period.date_to, cut_day=req.period.cut_day)
    return build_figures_pdf(report, chart_data(ctx, last, origin_id=req.origin_id))


def _figures_xlsx(ctx, req, report) -> bytes:
    from motcua_desktop.documents.report_xlsx import figures_xlsx

    return figures_xlsx(report)


def _objectives(ctx, req: ReportRequest):
    from motcua_desktop.services.quality_objectives import evaluate

    year = req.period.year or req.period.date_to.year
    return evaluate(ctx, year, origin_id=req.origin_id)


def _objectives_pdf(ctx, req, report) -> bytes:
    from motcua_desktop.documents.report_objectives import build_objectives_pdf

    return build_objectives_pdf(report)


def _objectives_xlsx(ctx, req, report) -> bytes:
    from motcua_desktop.documents.report_xlsx import objectives_xlsx

    return objectives_xlsx(report)


def _satisfaction(ctx, req: ReportRequest):
    from motcua_desktop.services.survey_report import satisfaction_report

    return satisfaction_report(ctx, req.period, origin_id=req.origin_id)


def _satisfaction_pdf(ctx, req, report) -> bytes:
    from motcua_desktop.documents.survey_report import build_satisfaction_pdf

    return build_satisfaction_pdf(report)


def _satisfaction_xlsx(ctx, req, report) -> bytes:
    from motcua_desktop.documents.survey_report import build_satisfaction_xlsx

    return build_satisfaction_xlsx(report)


def _quality(ctx, req: ReportRequest):
    from motcua_desktop.services.quality_report import quality_report

    return quality_report(ctx, req.period, origin_id=req.origin_id)


def _quality_pdf(ctx, req, report) -> bytes:
    from motcua_desktop.documents.quality_report_pdf import build_quality_pdf

    return build_quality_pdf(report)


def _quality_xlsx(ctx, req, report) -> bytes:
    from motcua_desktop.documents.quality_xlsx import quality_xlsx

    return quality_xlsx(report)


REPORT_KINDS: dict[str, ReportKind] = {}


def register_kind(kind: ReportKind) -> None:
    REPORT_KINDS[kind.name] = kind


for _kind in (
    ReportKind("ii06a", _ii06a, _ii06a_pdf, _ii06a_xlsx, grouped=True),
    ReportKind("figures", _figures, _figures_pdf, _figures_xlsx),
    ReportKind("objectives", _objectives, _objectives_pdf, _objectives_xlsx),
    ReportKind("satisfaction", _satisfaction, _satisfaction_pdf, _satisfaction_xlsx),
    ReportKind("quality", _quality, _quality_pdf, _quality_xlsx),
):
    register_kind(_kind)


class UsageError(Exception):
    """A bad combination of options; the message is one line for stderr."""


def add_parser(sub, common: argparse.ArgumentParser, day: Callable[[str], date]) -> None:
    """Register `report` on the top-level subparsers."""
    r = sub.add_parser("report", parents=[common], help="write a report (II.06a, …) to a file")
    r.add_argument("--kind", default="ii06a", help=f"one of {', '.join(REPORT_KINDS)}")
    r.add_argument("--period", default=None, metavar="CODE",
                   help="2026-11, 2026-Q4, 2026-H1, 2026-9M, 2026 (default: this month)")  # fmt: skip
    r.add_argument("--from", dest="date_from", type=day, default=None, metavar="DATE")
    r.add_argument("--to", dest="date_to", type=day, default=None, metavar="DATE")
    r.add_argument("--cut", type=int, choices=[1, 15], default=None,
                   help="months start on the 1st or the 15th (default: the report settings)")  # fmt: skip
    r.add_argument("--by", choices=["field", "procedure", "commune"], default=None)
    r.add_argument("--commune", default=None, metavar="AGENCY", help="at the district: one commune")
    r.add_argument("--format", choices=FORMATS, default=None,
                   help="pdf, xlsx or json (default: from the file's name)")  # fmt: skip
    r.add_argument("-o", "--output", required=True, help="the file to write; - for JSON on stdout")


def _period(ctx, a):
    from motcua_desktop.domain.periods import date_range, month_of, parse_period
    from motcua_desktop.services.reports import report_settings

    cut = a.cut or report_settings(ctx).cut_day
    if a.period and (a.date_from or a.date_to):
        raise UsageError(_("Give either --period or --from and --to, not both."))
    if bool(a.date_from) != bool(a.date_to):
        raise UsageError(_("Give both --from and --to."))
    try:
        if a.period:
            return parse_period(a.period, cut_day=cut)
        if a.date_from:
            return date_range(a.date_from, a.date_to)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return month_of(date.today(), cut_day=cut)


def _origin(ctx, agency: str | None) -> str | None:
    if agency is None:
        return None
    from motcua_desktop.services.mode import is_district
    from motcua_desktop.services.reports import commune_options

    if not is_district(ctx):
        raise UsageError(_("--commune is for the district; this is a commune's desk."))
    wanted = agency.strip().upper()
    for origin_id, _name, code in commune_options(ctx):
        if code.upper() == wanted:
            return origin_id
    raise UsageError(_("No commune is registered with agency code {code}.").format(code=agency))


def _format(a) -> str:
    if a.format:
        fmt = a.format
    elif a.output == "-":
        fmt = "json"
    else:
        fmt = Path(a.output).suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise UsageError(_("Say which format to write with --format pdf, xlsx or json."))
    if a.output == "-" and fmt != "json":
        raise UsageError(_("Only JSON can be written to the screen (-o -)."))
    return fmt


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # a report file as any other, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render(ctx, kind: ReportKind, req: ReportRequest, fmt: str) -> bytes:
    """The report of ``kind`` for ``req`` in ``fmt``, as bytes."""
    report = kind.compute(ctx, req)
    if fmt == "json":
        text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
        return text.encode("utf-8")
    writer = kind.pdf if fmt == "pdf" else kind.xlsx
    if writer is None:
        raise UsageError(
            _("The {kind} report cannot be written as {format}.").format(kind=kind.name, format=fmt)
        )
    return writer(ctx, req, report)


def run(ctx, a) -> int:
    try:
        kind = REPORT_KINDS.get(a.kind)
        if kind is None:
            raise UsageError(
                _("Unknown report kind {kind}; choose one of {kinds}.").format(
                    kind=a.kind, kinds=", ".join(REPORT_KINDS)
                )
            )
        if a.by and not kind.grouped:
            raise UsageError(_("--by applies to the II.06a report only."))
        fmt = _format(a)
        req = ReportRequest(_period(ctx, a), a.by or "field", _origin(ctx, a.commune))
        try:
            data = render(ctx, kind, req, fmt)
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith("motcua_desktop"):
                raise
            raise UsageError(
                _("The {kind} report is not available in this version of the program.").format(
                    kind=kind.name
                )
            ) from None
    except (UsageError, MotcuaError) as exc:
        sys.stderr.write(f"motcua: error: {getattr(exc, 'message', None) or exc}\n")
        return 2
    if a.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = Path(a.output)
    write_atomically(path, data)
    print(path)
    return 0
