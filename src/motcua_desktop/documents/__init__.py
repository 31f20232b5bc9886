"""PDF documents of the one-stop desk: the legal slips and book (forms 01-07 of Circular 03/2025/TT-VPCP).

Pure functions from domain values to PDF bytes (ReportLab); no Qt, no database.
"""

from motcua_desktop.documents.apology import render_apology
from motcua_desktop.documents.control_sheet import ControlStep, render_control_sheet
from motcua_desktop.documents.pdf import Copy, build_pdf
from motcua_desktop.documents.receipt import render_receipt
from motcua_desktop.documents.refusal import render_refusal
from motcua_desktop.documents.stop_notice import render_stop_notice
from motcua_desktop.documents.supplement import render_supplement_request
from motcua_desktop.documents.tracking_book import BookRow, render_tracking_book
from motcua_desktop.documents.versions import TEMPLATE_VERSIONS

__all__ = [
    "TEMPLATE_VERSIONS",
    "BookRow",
    "ControlStep",
    "Copy",
    "build_pdf",
    "render_apology",
    "render_control_sheet",
    "render_receipt",
    "render_refusal",
    "render_stop_notice",
    "render_supplement_request",
    "render_tracking_book",
]
