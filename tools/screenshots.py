"""Render the README's screenshots: the intake screen, a receipt, the dossier list and view.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py`` (writes
``docs/screenshots/*.png``). The screens are drawn by Qt's offscreen platform in the
default language (Vietnamese) on a fresh demo commune; the receipt is the real PDF
that the program archives, rendered with pypdfium2.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import pypdfium2
from PySide6.QtCore import QEventLoop, QTimer

import motcua_desktop.ui  # noqa: F401  (PySide6 compatibility shim first)
from motcua_desktop import i18n
from motcua_desktop.domain.dossier import Applicant
from motcua_desktop.services import demo, intake, printing, users
from motcua_desktop.services.context import open_app
from motcua_desktop.ui.app import create_application
from motcua_desktop.ui.main_window import PAGE_DOSSIERS, PAGE_INTAKE, MainWindow
from motcua_desktop.ui.operations import OpRunner

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def settle(app, runner, ms: int = 400) -> None:
    for _ in range(200):
        if not runner.is_busy():
            break
        app.processEvents()
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    i18n.set_language(sys.argv[1] if len(sys.argv) > 1 else i18n.DEFAULT_LANGUAGE)
    ctx = open_app(Path(tempfile.mkdtemp()) / "data")
    demo.seed_demo(ctx, dossiers=400, seed=5, today=date.today())
    clerk = users.get_user(ctx, "clerk")
    runner = OpRunner()
    window = MainWindow(ctx, clerk, runner)
    window.resize(1280, 860)
    window.show()
    settle(app, runner)

    # The intake screen, filled in as a clerk would, before saving.
    window.show_page(PAGE_INTAKE)
    page = window.intake
    settle(app, runner)
    page.picker.select_code("1.001193")
    settle(app, runner)
    page.applicant.load_dict(
        {
            "name": "Nguyễn Thị Mai Hương",
            "id_number": "087186001234",
            "phone": "0912 345 678",
            "address": "Ấp Phú Hữu, xã An Phú",
        }
    )
    settle(app, runner)
    window.grab().save(str(OUT / "intake.png"))

    # A receipt, exactly as archived.
    record = intake.accept(
        ctx,
        intake.IntakeRequest(
            "1.001193",
            Applicant(
                "Nguyễn Thị Mai Hương", "087186001234", "0912 345 678", "Ấp Phú Hữu, xã An Phú"
            ),
            received_at=datetime.now().replace(hour=9, minute=15, second=0, microsecond=0),
        ),
        clerk,
    )
    doc = printing.print_slip(ctx, record.code, "receipt", clerk, copies=1)
    pdf = pypdfium2.PdfDocument(str(doc.path))
    pdf[0].render(scale=1.4).to_pil().save(OUT / "receipt.png")
    pdf.close()

    # The dossier list, and one dossier.
    window.show_page(PAGE_DOSSIERS)
    settle(app, runner, 800)
    window.grab().save(str(OUT / "dossiers.png"))
    window.open_dossier(record.code)
    settle(app, runner, 800)
    for top in app.topLevelWidgets():
        if top.isVisible() and top.objectName() == "dossierView":
            top.grab().save(str(OUT / "dossier.png"))
    runner.shutdown()
    ctx.close()
    print("written to", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
