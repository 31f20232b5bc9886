"""Fictional but realistic Vietnamese people for demo data: names, addresses, CCCD, phones."""

from __future__ import annotations

import random
from bisect import bisect

# Weights follow the rough national shares of family names.
FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Huỳnh", 5),
    ("Hoàng", 3),
    ("Phan", 4),
    ("Võ", 4),
    ("Vũ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
    ("Trương", 1),
    ("Đinh", 1),
    ("Lâm", 1),
    ("Châu", 1),
]
MIDDLE_MALE = [
    "Văn",
    "Văn",
    "Văn",
    "Hữu",
    "Đức",
    "Minh",
    "Quang",
    "Thanh",
    "Công",
    "Hoàng",
    "Quốc",
    "Tấn",
]
MIDDLE_FEMALE = [
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thu",
    "Thanh",
    "Kim",
    "Mỹ",
    "Bích",
    "Hồng",
    "Diễm",
    "Phương",
]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Duy",
    "Đạt",
    "Định",
    "Hải",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Huy",
    "Khang",
    "Khải",
    "Lâm",
    "Lộc",
    "Long",
    "Lợi",
    "Minh",
    "Nam",
    "Nghĩa",
    "Nhân",
    "Phát",
    "Phong",
    "Phúc",
    "Quân",
    "Sang",
    "Sơn",
    "Tài",
    "Tâm",
    "Thắng",
    "Thành",
    "Thiện",
    "Thịnh",
    "Toàn",
    "Trí",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Vũ",
]
GIVEN_FEMALE = [
    "Anh",
    "Ánh",
    "Châu",
    "Diệp",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Hương",
    "Huyền",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyên",
    "Sương",
    "Thảo",
    "Thủy",
    "Thư",
    "Trang",
    "Trinh",
    "Tuyết",
    "Uyên",
    "Vân",
    "Vy",
    "Xuân",
    "Yến",
]
HAMLETS = [
    "ấp Phú Hòa",
    "ấp Phú Lợi",
    "ấp Phú Hiệp",
    "ấp Phú Thượng",
    "ấp Bình Tây",
    "ấp Bình Đông",
    "ấp Hòa Thạnh",
    "ấp Mỹ Đức",
    "ấp Long Hưng",
    "ấp Tân Quới",
    "ấp Đông Sơn",
    "ấp Trung Bình",
]
# Province of birth registration: mostly local (An Giang 089), some from elsewhere.
PROVINCES = [("089", 80), ("087", 5), ("092", 5), ("079", 4), ("001", 2), ("091", 2), ("094", 2)]
PHONE_PREFIXES = [
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "086",
    "088",
    "089",
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
]


def _table(table: list[tuple[str, int]]) -> tuple[list[str], list[int]]:
    values, cum, total = [], [], 0
    for value, weight in table:
        total += weight
        values.append(value)
        cum.append(total)
    return values, cum


_FAMILY = _table(FAMILY)
_PROVINCES = _table(PROVINCES)
_FEMALE_EXTRA = MIDDLE_FEMALE[3:]
_EMAIL_NAMES: dict[str, str] = {}


def _weighted(rng: random.Random, table: tuple[list[str], list[int]]) -> str:
    values, cum = table
    return values[bisect(cum, rng.random() * cum[-1])]


def _email_name(given: str) -> str:
    name = _EMAIL_NAMES.get(given)
    if name is None:
        from motcua_desktop.domain.text import fold

        name = _EMAIL_NAMES[given] = fold(given).replace(" ", "")
    return name


def person(rng: random.Random, *, birth_year: int) -> dict[str, str]:
    """Name, CCCD, phone, address (and sometimes e-mail) of one fictional adult.

    Called a million times for the large demo, so it sticks to cheap calls:
    cumulative weights and ``random()`` rather than ``choices``.
    """
    rand = rng.random
    male = rand() < 0.5
    family = _weighted(rng, _FAMILY)
    given_list = GIVEN_MALE if male else GIVEN_FEMALE
    middle_list = MIDDLE_MALE if male else MIDDLE_FEMALE
    given = given_list[int(rand() * len(given_list))]
    if not male and rand() < 0.25:  # "Nguyễn Thị Ngọc Lan": common four-part names
        extra = _FEMALE_EXTRA[int(rand() * len(_FEMALE_EXTRA))]
        name = f"{family} Thị {extra} {given}"
    else:
        name = f"{family} {middle_list[int(rand() * len(middle_list))]} {given}"
    century_digit = (0 if birth_year < 2000 else 2) + (0 if male else 1)
    cccd = (
        f"{_weighted(rng, _PROVINCES)}{century_digit}{birth_year % 100:02d}"
        f"{int(rand() * 1_000_000):06d}"
    )
    prefix = PHONE_PREFIXES[int(rand() * len(PHONE_PREFIXES))]
    rest = f"{int(rand() * 10_000_000):07d}"
    phone = f"{prefix}{rest[0]} {rest[1:4]} {rest[4:]}"
    address = (
        f"Số {1 + int(rand() * 250)}, {HAMLETS[int(rand() * len(HAMLETS))]}, "
        "xã An Phú, tỉnh An Giang"
    )
    email = ""
    if rand() < 0.1:
        email = f"{_email_name(given)}{70 + int(rand() * 1936)}@example.vn"
    return {"name": name, "id_number": cccd, "phone": phone, "address": address, "email": email}
