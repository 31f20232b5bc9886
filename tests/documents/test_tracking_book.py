"""Form 07, the tracking book: landscape pages, the headings on every page, page numbers, volume."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader
from slip_fixtures import normalise, page_texts

from motcua_desktop.documents import TEMPLATE_VERSIONS, BookRow, render_tracking_book
from motcua_desktop.documents.tracking_book import HEADINGS

FROM, TO = date(2026, 1, 1), date(2026, 3, 31)
PROCEDURES = (
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp",
    "Đăng ký khai sinh",
    "Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
)


def code_of(n: int, when: datetime) -> str:
    return f"000.31.25.H56-{when:%y%m%d}-{n:04d}"


def printed(code: str) -> str:
    """How a code reads back from its narrow column: broken after the agency part."""
    return code.replace("-", "- ", 1)


def make_rows(count: int):
    """A generator of book lines, as the service streams them."""
    start = datetime(2026, 1, 5, 7, 30)
    for n in range(1, count + 1):
        when = start + timedelta(minutes=41 * n)
        returned = when + timedelta(days=2, hours=1) if n % 3 else None
        yield BookRow(
            serial=n,
            code=code_of(n, when),
            procedure_name=PROCEDURES[n % 3],
            applicant_name="Công ty TNHH Thương mại Dịch vụ Phú Hữu"
            if n % 7 == 0
            else "Lê Văn Đức",
            address="Thôn Phú Hữu, xã An Phú, tỉnh Đồng Tháp",
            phone="0912 345 678",
            handling_unit="UBND xã An Phú",
            received_at=when,
            due_at=when + timedelta(days=3),
            returned_at=returned,
            delivery="post" if n % 5 == 0 else "desk",
            collected_by="Lê Văn Đức" if returned else "",
        )


def book(profile, count: int) -> bytes:
    return render_tracking_book(profile, make_rows(count), date_from=FROM, date_to=TO)


def test_headings_on_every_page_and_page_numbers(profile):
    pdf = book(profile, 22)
    pages = page_texts(pdf)
    assert len(pages) == 3
    assert "SỔ THEO DÕI HỒ SƠ" in pages[0]
    assert "Từ ngày 01 tháng 01 năm 2026 đến ngày 31 tháng 03 năm 2026" in pages[0]
    assert "ỦY BAN NHÂN DÂN XÃ AN PHÚ" in pages[0]
    heading_line = " ".join(HEADINGS)
    assert heading_line == (
        "TT Mã hồ sơ Tên TTHC Tên cá nhân, tổ chức Địa chỉ, số điện thoại "
        "Cơ quan chủ trì giải quyết Nhận hồ sơ (ngày giờ) Hẹn trả kết quả "
        "Trả kết quả (ngày giờ) Phương thức nhận kết quả Ký nhận"
    )
    for number, text in enumerate(pages, start=1):
        assert heading_line in text, f"headings missing on page {number}"
        assert f"Trang {number}/3" in text
        assert f"Mẫu {TEMPLATE_VERSIONS['book']}" in text
    assert TEMPLATE_VERSIONS["book"] == "07/TT03-2025.1"


def test_landscape_a4(profile):
    pages = PdfReader(io.BytesIO(book(profile, 12))).pages
    assert len(pages) == 2
    for page in pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)


def test_every_row_once_in_order_with_its_values(profile):
    rows = list(make_rows(30))
    text = " ".join(page_texts(book(profile, 30)))
    positions = []
    for row in rows:
        assert text.count(printed(row.code)) == 1, row.code
        positions.append(text.index(printed(row.code)))
    assert positions == sorted(positions)
    first = rows[0]  # 08:11 on Monday 05/01/2026, returned two days and an hour later
    assert (
        f"1 {printed(first.code)} Đăng ký khai sinh Lê Văn Đức Thôn Phú Hữu, xã An Phú, "
        "tỉnh Đồng Tháp 0912 345 678 UBND xã An Phú 08:11 05/01/2026 08:11 08/01/2026 "
        "09:11 07/01/2026 Trực tiếp Lê Văn Đức"
    ) in text
    third = rows[2]  # not returned yet: the return cells stay empty
    assert f"3 {printed(third.code)}" in text
    assert "09:33 05/01/2026 09:33 08/01/2026 Trực tiếp 4 " in text
    assert "Bưu chính công ích" in text  # row 5 goes by post


def test_an_empty_period_still_prints_the_headings(profile):
    pages = page_texts(render_tracking_book(profile, iter(()), date_from=FROM, date_to=TO))
    assert len(pages) == 1
    assert " ".join(HEADINGS) in pages[0]
    assert "Không có hồ sơ nào trong kỳ." in pages[0]
    assert "Trang" not in pages[0]


def test_long_text_wraps_inside_its_column(profile):
    long_name = "Hợp tác xã Dịch vụ Nông nghiệp và Thương mại Tổng hợp Phú Hữu Đồng Tháp " * 3
    row = BookRow(1, "000.31.25.H56-260105-0001", PROCEDURES[2], long_name.strip())
    pdf = render_tracking_book(profile, [row], date_from=FROM, date_to=TO)
    (text,) = page_texts(pdf)
    assert long_name.strip() in text


_BIG_BOOK = """
import json, resource, sys
sys.path.insert(0, {tests!r})
from test_tracking_book import book
from slip_fixtures import make_profile
profile = make_profile()
book(profile, 20)  # fonts, caches, imports: what any book needs
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
pdf = book(profile, 3000)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open({out!r}, "wb") as fh:
    fh.write(pdf)
print(json.dumps({{"grew_kib": after - before}}))
"""


def test_three_thousand_rows_in_flat_memory(tmp_path):
    """A year of a busy commune: the rows stream, so the process grows by little."""
    out = tmp_path / "book.pdf"
    script = _BIG_BOOK.format(tests=str(Path(__file__).parent), out=str(out))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    grew_mib = json.loads(result.stdout.strip().splitlines()[-1])["grew_kib"] / 1024
    assert grew_mib < 60, f"the 3,000-row book grew the process by {grew_mib:.0f} MiB"
    reader = PdfReader(str(out))
    total = len(reader.pages)
    assert total > 100
    last = normalise(reader.pages[-1].extract_text())
    assert f"Trang {total}/{total}" in last
    assert re.search(r"\b3000 000\.31\.25\.H56- \d{6}-3000\b", last)
    middle = normalise(reader.pages[total // 2].extract_text())
    assert " ".join(HEADINGS) in middle
