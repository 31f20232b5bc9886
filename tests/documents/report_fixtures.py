"""Reports built by hand for the report document tests: the seed article's year, many lines,
a district report with stale communes, figures, charts and quality objectives."""

from __future__ import annotations

import random
from datetime import date, datetime

from motcua_desktop.domain.periods import month, year_period
from motcua_desktop.domain.report_ii06a import II06aCounts, II06aRow, total_row
from motcua_desktop.domain.report_models import (
    ChartData,
    FiguresReport,
    Freshness,
    GroupBy,
    GroupFigures,
    II06aLine,
    II06aReport,
    MonthPoint,
    ObjectiveResult,
    ObjectivesReport,
    ObjectiveStatus,
    ReportHeader,
    Slice,
)

GENERATED = datetime(2026, 12, 15, 9, 30)

# Two fields whose total is the seed article's year: received 19,705, resolved 18,738,
# early 2,899 (15.47%), on time 14,904 (79.54%).
SEED_FIELDS = (
    ("Chứng thực", II06aCounts(12000, 3000, 8500, 500, 11500, 1899, 9101, 500, 500, 450, 50)),
    ("Hộ tịch", II06aCounts(7705, 2705, 4800, 200, 7238, 1000, 5803, 435, 467, 400, 67)),
)
FIELDS = (
    "Hộ tịch",
    "Chứng thực",
    "Đất đai",
    "Bảo trợ xã hội",
    "Người có công",
    "Nông nghiệp",
    "Văn hóa",
    "Giáo dục và đào tạo",
    "Lao động, tiền lương",
    "Thi đua, khen thưởng",
)
PROCEDURES = (
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp",
    "Đăng ký khai tử",
)


def make_header(**changes) -> ReportHeader:
    values = dict(
        reporting_unit="UBND xã An Phú",
        parent_unit="UBND tỉnh Đồng Tháp",
        receiving_unit="Văn phòng UBND tỉnh Đồng Tháp",
        place="An Phú",
        made_on=date(2026, 12, 15),
        preparer="Trần Thị Thủy",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer_name="Lê Văn Toàn",
    )
    values.update(changes)
    return ReportHeader(**values)


def random_counts(rng: random.Random, scale: int = 300) -> II06aCounts:
    """Balanced columns 3–13 from random parts."""
    online, direct, carried = (rng.randint(0, scale) for _ in range(3))
    received = online + direct + carried
    early = rng.randint(0, received)
    on_time = rng.randint(0, received - early)
    late = rng.randint(0, received - early - on_time)
    resolved = early + on_time + late
    pending = received - resolved
    within = rng.randint(0, pending)
    return II06aCounts(
        received, online, direct, carried, resolved, early, on_time, late, pending, within,
        pending - within,
    )  # fmt: skip


def _summed(children: list[II06aLine], number: int, label: str) -> II06aRow:
    row = total_row([c.row for c in children], label)
    row.number = number
    return row


def seed_report(**changes) -> II06aReport:
    lines = [
        II06aLine(II06aRow(n, label, counts, key=f"f{n}"))
        for n, (label, counts) in enumerate(SEED_FIELDS, start=1)
    ]
    values = dict(
        header=make_header(),
        period=year_period(2026),
        group_by=GroupBy.FIELD,
        lines=lines,
        total=total_row([line.row for line in lines], "Tổng cộng"),
        generated_at=GENERATED,
    )
    values.update(changes)
    return II06aReport(**values)


def many_lines_report(fields: int = 30, procedures: int = 3, seed: int = 7) -> II06aReport:
    """A report by procedure with ``fields`` fields (repeating names) and their procedures."""
    rng = random.Random(seed)
    lines = []
    for n in range(1, fields + 1):
        children = [
            II06aLine(II06aRow(None, PROCEDURES[k % len(PROCEDURES)], random_counts(rng)), 1)
            for k in range(procedures)
        ]
        label = f"{FIELDS[(n - 1) % len(FIELDS)]} ({n})"
        lines.append(II06aLine(_summed(children, n, label), 0, children))
    return II06aReport(
        make_header(),
        month(2026, 11, cut_day=15),
        GroupBy.PROCEDURE,
        lines,
        total_row([line.row for line in lines], "Tổng cộng"),
        GENERATED,
    )


def district_report() -> II06aReport:
    rng = random.Random(3)
    communes = (
        ("Xã An Phú", Freshness(datetime(2026, 12, 14, 17, 0), 1, False, "số liệu đến 14/12/2026")),
        ("Xã Tân Hòa", Freshness(datetime(2026, 11, 2, 8, 0), 43, True, "không có số liệu mới 43 ngày")),
        ("Thị trấn Lai Vung", Freshness(None, None, True, "chưa nhận được số liệu")),
    )  # fmt: skip
    lines = [
        II06aLine(II06aRow(n, name, random_counts(rng), key=f"000.31.25.H{n:02d}"), 0, [], fresh)
        for n, (name, fresh) in enumerate(communes, start=1)
    ]
    return II06aReport(
        make_header(
            reporting_unit="UBND huyện Lai Vung",
            place="Lai Vung",
            parent_unit="UBND tỉnh Đồng Tháp",
            signer_title="CHỦ TỊCH",
        ),
        month(2026, 11),
        GroupBy.COMMUNE,
        lines,
        total_row([line.row for line in lines], "Tổng cộng"),
        GENERATED,
    )


def make_chart_data(months: int = 12, *, gap_at: int | None = 3) -> ChartData:
    points = []
    for k in range(months):
        m = (k % 12) + 1
        received = 1500 + 37 * k + (k % 3) * 90
        resolved = received - 60 + (k % 4) * 25
        rate = None if k == gap_at else 90 + (k % 5) * 2.1
        points.append(MonthPoint(month(2026, m), received, resolved if rate else 0, rate))
    slices = [
        Slice("Chứng thực", 9800),
        Slice("Hộ tịch", 6100),
        Slice("Đất đai", 1900),
        Slice("Bảo trợ xã hội", 1100),
        Slice("Người có công", 500),
        Slice("Nông nghiệp", 305),
    ]
    return ChartData(points, slices)


def make_figures_report(officials: int = 4) -> FiguresReport:
    counts = seed_report().total.counts
    by_procedure = [
        GroupFigures("1.001193", "Đăng ký khai sinh", 4100, 4020, 3990, 30, 120, 45, 12, 2.4, 4020),
        GroupFigures(
            "2.000815",
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp",
            12000, 11500, 11000, 500, 0, 10, 3, 0.6, 11400,
        ),
        GroupFigures("1.000894", "Đăng ký kết hôn", 600, 590, 580, 10, 0, 8, 1, None, 0),
    ]  # fmt: skip
    names = ("Trần Thị Thủy", "Nguyễn Văn Bình", "Lê Thị Hoa", "Phạm Minh Đức")
    by_official = [
        GroupFigures(f"u{k}", names[k % len(names)], 1000 + k, 990 + k, 980, 10 + k, 3, 2, 1, 1.5 + k / 10, 900)
        for k in range(officials)
    ]  # fmt: skip
    return FiguresReport(
        header=make_header(),
        period=year_period(2026),
        counts=counts,
        by_channel={1: 13005, 2: 5705, 3: 995},
        returned_by_post=1234,
        returned_at_desk=17504,
        supplement_requests=321,
        apologies=57,
        refusals=12,
        avg_working_days=1.73,
        timed=18700,
        by_procedure=by_procedure,
        by_official=by_official,
        generated_at=GENERATED,
    )


def make_objectives_report() -> ObjectivesReport:
    results = [
        ObjectiveResult(
            "o1", 1, "Giải quyết hồ sơ đúng hạn", "on_time_rate", ">=", 98.0, 95.01,
            ObjectiveStatus.NOT_MET, "18.738 hồ sơ đã giải quyết", 18738,
        ),
        ObjectiveResult(
            "o2", 2, "Người dân hài lòng", "satisfaction_rate", ">=", 96.0, None,
            ObjectiveStatus.NO_DATA, "chưa có phiếu khảo sát", 0,
        ),
        ObjectiveResult(
            "o3", 3, "Hồ sơ đang giải quyết quá hạn", "overdue_pending", "<=", 0.0, 0.0,
            ObjectiveStatus.MET, "967 hồ sơ đang giải quyết", 967,
        ),
        ObjectiveResult(
            "o4", 4, "Tiếp nhận hồ sơ trực tuyến", "online_rate", ">=", 25.0, 30.5,
            ObjectiveStatus.MET, "18.710 hồ sơ tiếp nhận trong kỳ", 18710,
        ),
    ]  # fmt: skip
    return ObjectivesReport(make_header(), 2026, year_period(2026), results, GENERATED)
