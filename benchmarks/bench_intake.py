"""Benchmark: save an intake and render its receipt PDF, against a bare ReportLab page.

Target (DESIGN.md): ≤ 150 ms for the whole save + receipt. The baseline is a
bare ReportLab page with the same text in the same embedded font, made in the
same run, so the ratio says what our layout, storage and archiving cost.
"""

from __future__ import annotations

import io
import itertools
import json
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from _common import machine, summary, timeit
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from motcua_desktop.domain.dossier import Applicant, Channel
from motcua_desktop.paths import fonts_dir
from motcua_desktop.services import demo, intake, printing, users
from motcua_desktop.services.context import open_app

REPEAT = 40


def _bare_page(lines: list[str]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("BenchSerif", 13)
    y = A4[1] - 60
    for line in lines:
        c.drawString(85, y, line)
        y -= 18
    c.showPage()
    c.save()
    return buf.getvalue()


def run(dossiers: int = 2000) -> dict:
    pdfmetrics.registerFont(TTFont("BenchSerif", str(fonts_dir() / "LiberationSerif-Regular.ttf")))
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp))
        demo.seed_demo(ctx, dossiers=dossiers, seed=7, today=date(2026, 11, 20))
        clerk = users.get_user(ctx, "clerk")
        procedure = "1.001193"
        moments = (datetime(2026, 11, 23, 8, 0) + timedelta(minutes=i) for i in itertools.count())
        names = (f"Nguyễn Văn Bình {i}" for i in itertools.count())
        receipts: list = []

        def save_and_print() -> None:
            req = intake.IntakeRequest(
                procedure_code=procedure,
                applicant=Applicant(
                    name=next(names),
                    id_number="001090012345",
                    phone="0912345678",
                    address="Thôn Đông Phú, xã An Phú",
                ),
                channel=Channel.IN_PERSON,
                received_at=next(moments),
            )
            record = intake.accept(ctx, req, clerk)
            receipts.append(printing.print_slip(ctx, record.code, "receipt", clerk))

        ours = summary(timeit(save_and_print, REPEAT))
        text = [
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "Mã hồ sơ: 000.31.25.H56-261123-0001",
            "Bộ phận Một cửa tiếp nhận hồ sơ của: Nguyễn Văn Bình",
            "Địa chỉ: Thôn Đông Phú, xã An Phú",
            "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
            "1. Thành phần hồ sơ nộp gồm: Tờ khai đăng ký khai sinh",
            "3. Thời gian giải quyết hồ sơ theo quy định là: Trong ngày",
            "4. Thời gian nhận hồ sơ: 08 giờ 00 phút, ngày 23/11/2026",
            "5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 23/11/2026",
            "NGƯỜI NỘP HỒ SƠ        NGƯỜI TIẾP NHẬN HỒ SƠ",
        ]
        bare = summary(timeit(lambda: _bare_page(text), REPEAT))
        ctx.close()
    return {
        "benchmark": "intake save + receipt PDF",
        "database_dossiers": dossiers,
        "ours": ours,
        "baseline_bare_reportlab_page": bare,
        "ratio_p50": ours["p50_ms"] / bare["p50_ms"],
        "target_p50_ms": 150,
        "machine": machine(),
    }


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(json.dumps(run(n), indent=2, ensure_ascii=False))
