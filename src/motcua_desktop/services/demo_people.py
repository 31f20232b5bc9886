"""Fictional but realistic Vietnamese people for demo data: names, addresses, CCCD, phones."""

from __future__ import annotations

import random

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


def _weighted(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def person(rng: random.Random, *, birth_year: int) -> dict[str, str]:
    """Name, CCCD, phone, address (and sometimes e-mail) of one fictional adult."""
    male = rng.random() < 0.5
    family = _weighted(rng, FAMILY)
    middle = rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE)
    given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
    name = f"{family} {middle} {given}"
    if not male and rng.random() < 0.25:  # "Nguyễn Thị Ngọc Lan": common four-part names
        name = f"{family} Thị {rng.choice(MIDDLE_FEMALE[3:])} {given}"
    century_digit = (0 if birth_year < 2000 else 2) + (0 if male else 1)
    cccd = (
        f"{_weighted(rng, PROVINCES)}{century_digit}{birth_year % 100:02d}"
        f"{rng.randrange(1_000_000):06d}"
    )
    digits = f"{rng.choice(PHONE_PREFIXES)}{rng.randrange(10_000_000):07d}"
    phone = f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    address = f"Số {rng.randint(1, 250)}, {rng.choice(HAMLETS)}, xã An Phú, tỉnh An Giang"
    email = ""
    if rng.random() < 0.1:
        from motcua_desktop.domain.text import fold

        email = f"{fold(given).replace(' ', '')}{rng.randint(70, 2005)}@example.vn"
    return {"name": name, "id_number": cccd, "phone": phone, "address": address, "email": email}
