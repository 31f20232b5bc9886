"""Printing the quality documents: render on the worker into the data folder, then the preview window."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QObject

from motcua_desktop.i18n import _


def _target(ctx, name: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return ctx.documents_dir / "quality" / f"{name}-{stamp}.pdf"


def render(ctx, kind: str, **kw) -> Path:
    """On the worker: build the PDF of ``kind`` and write it under ``<documents>/quality/``."""
    from motcua_desktop.services.printing import write_atomically
    from motcua_desktop.services.reports import report_header

    header = report_header(ctx)
    today = kw.get("today") or date.today()
    if kind == "checklist":
        from motcua_desktop.documents.quality_checklist import build_checklist_pdf
        from motcua_desktop.services import checklists, quality_evidence

        run = checklists.run_view(ctx, kw["run_id"])
        found = quality_evidence.evidence_for_template(ctx, run.template, today=today)
        data = build_checklist_pdf(run, header, {k: e.text for k, e in found.items()})
        name = f"checklist-{run.run_on.isoformat()}-r{run.revision}"
    elif kind == "self_assessment":
        from motcua_desktop.documents.quality_self_assessment import build_self_assessment_pdf
        from motcua_desktop.services import checklists, nonconformities

        run = checklists.run_view(ctx, kw["run_id"])
        findings = [f for f in nonconformities.register(ctx) if f.run_id == run.id]
        data = build_self_assessment_pdf(run, header, findings)
        name = f"self-assessment-{run.run_on.isoformat()}-r{run.revision}"
    elif kind == "register":
        from motcua_desktop.documents.quality_register import build_register_pdf
        from motcua_desktop.services import nonconformities

        data = build_register_pdf(nonconformities.register(ctx), header, today=today)
        name = f"register-{today.isoformat()}"
    elif kind == "review":
        from motcua_desktop.documents.quality_review import build_review_pdf
        from motcua_desktop.services import quality_records

        review = quality_records.get_record(ctx, kw["record_id"])
        data = build_review_pdf(review, header)
        name = f"management-review-{review.record_date.isoformat()}"
    else:
        raise ValueError(f"unknown quality document {kind!r}")
    path = _target(ctx, name)
    write_atomically(path, data)
    return path


class _Preview(QObject):
    """Shows the rendered file; a child of the screen, so a closed screen is not called back."""

    def show(self, path: Path) -> None:
        show_pdf(self.parent(), path)
        self.deleteLater()


def print_document(parent, kind: str, **kw) -> None:
    """Render ``kind`` off the GUI thread and show it; ``parent`` has ``ctx`` and ``runner``."""
    preview = _Preview(parent)
    parent.runner.run(
        render,
        parent.ctx,
        kind,
        **kw,
        on_success=preview.show,
        progress_label=_("Preparing the print preview…"),
    )


def show_pdf(parent, path: Path) -> None:
    from motcua_desktop.ui.pdf_preview import PdfPreviewDialog

    PdfPreviewDialog(path, parent).exec()


__all__ = ["print_document", "render", "show_pdf"]
