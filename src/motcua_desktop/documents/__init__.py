"""PDF documents of the one-stop desk: the legal slips (forms 01-03 of Circular 03/2025/TT-VPCP).

Pure functions from domain values to PDF bytes (ReportLab); no Qt, no database.
"""

from motcua_desktop.documents.pdf import Copy, build_pdf
from motcua_desktop.documents.receipt import render_receipt
from motcua_desktop.documents.refusal import render_refusal
from motcua_desktop.documents.supplement import render_supplement_request
from motcua_desktop.documents.versions import TEMPLATE_VERSIONS

__all__ = [
    "TEMPLATE_VERSIONS",
    "Copy",
    "build_pdf",
    "render_receipt",
    "render_refusal",
    "render_supplement_request",
]
