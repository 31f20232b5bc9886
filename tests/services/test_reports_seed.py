"""The seed article's figures, rebuilt through `migrate_book` and read back from report II.06a.

The article reports for a year: received 19,705, resolved 18,738, of which
2,899 early (15.47 %) and 14,904 on time (79.54 %); so 935 late and 967
pending. A tracking book with exactly that outcome is written as CSV, imported
as a commune would import its paper book, and reported on.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta

from motcua_desktop.domain.periods import year_period
from motcua_desktop.domain.report_models import GroupBy
from motcua_desktop.services import reports
from motcua_desktop.services.migrate_book import migrate_book

AGENCY = "000.31.25.H56"
EARLY, ON_TIME, LATE, PENDING = 2_899, 14_904, 935, 967
HEADINGS = ["TT", "Mã hồ sơ", "Tên TTHC", "Tên cá nhân, tổ chức", "Nhận hồ sơ",
            "Hẹn trả kết quả", "Trả kết quả"]  # fmt: skip
PROCEDURES = ["Đăng ký khai sinh", "Đăng ký kết hôn", "Chứng thực bản sao từ bản chính"]


def _stamp(t: datetime) -> str:
    return t.strftime("%d/%m/%Y %H:%M")


def write_book(path) -> None:
    """One row per dossier over 2024: early rows come back a day before the appointment, on-time
    rows on its day before the hour, late rows the day after, pending rows not at all."""
    outcomes = ["early"] * EARLY + ["on_time"] * ON_TIME + ["late"] * LATE + ["pending"] * PENDING
    per_day: dict[date, int] = {}
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADINGS)
        for n, outcome in enumerate(outcomes):
            day = date(2024, 1, 2) + timedelta(days=(n * 7) % 350)
            serial = per_day[day] = per_day.get(day, 0) + 1
            received = datetime.combine(day, time(7, 30)) + timedelta(minutes=serial)
            due = datetime.combine(day + timedelta(days=3), time(17, 0))
            returned = {
                "early": due - timedelta(days=1),
                "on_time": due - timedelta(minutes=30),
                "late": due + timedelta(days=1),
                "pending": None,
            }[outcome]
            out.writerow([
                n + 1, f"{AGENCY}-{day:%y%m%d}-{serial:04d}", PROCEDURES[n % 3],
                "Nguyễn Văn An", _stamp(received), _stamp(due),
                _stamp(returned) if returned else "",
            ])  # fmt: skip


def test_seed_figures_from_a_migrated_book(ctx, clerk, admin, tmp_path):
    book = tmp_path / "so-theo-doi-2024.csv"
    write_book(book)
    result = migrate_book(ctx, book, admin)
    assert result.imported == 19_705 and not result.rejected

    report = reports.ii06a(ctx, year_period(2024), GroupBy.PROCEDURE)
    c = report.total.counts
    assert (c.received, c.resolved, c.early, c.on_time, c.late, c.pending) == (
        19_705, 18_738, 2_899, 14_904, 935, 967,
    )  # fmt: skip
    assert c.carried_over == 0 and c.received_direct == 19_705 and report.balanced()
    # The article's percentages are over the resolved dossiers (column 7).
    assert (c.early_share, c.on_time_share) == (15.47, 79.54)
    total = report.as_dict()["total"]
    assert (total["early_share"], total["on_time_share"]) == (15.47, 79.54)
    assert c.on_time_rate == 95.01  # (8 + 9) / 7, early included
    assert c.late_rate == 4.99
    assert c.completion_rate == 95.09
    assert report.as_dict()["total"]["on_time_rate"] == 95.01
    assert sum(ln.row.counts.received for ln in report.lines) == 19_705
    # Next year: the 967 pending dossiers are carried over, and nothing else is counted.
    following = reports.ii06a(ctx, year_period(2025)).total.counts
    assert (following.received, following.carried_over, following.pending) == (967, 967, 967)
