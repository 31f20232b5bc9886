"""Fixtures for the slip tests: an An Phú commune profile and a dossier with Vietnamese text."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest

from motcua_desktop.domain.dossier import (
    Applicant,
    Channel,
    ComponentReceipt,
    DossierRecord,
    ResultDelivery,
    Status,
)
from motcua_desktop.domain.profile import CommuneProfile, Signatory

CODE = "000.31.25.H56-260213-0001"
NAME = "Nguyễn Thị Đặng Hương"
ADDRESS = "Thôn Phú Hữu, xã An Phú, tỉnh Đồng Tháp"
# The same address typed decomposed (as some input methods and copy-pastes deliver it).
ADDRESS_NFD = unicodedata.normalize("NFD", ADDRESS)
LOOKUP_URL = "https://dichvucong.example.vn/tra-cuu?ma={code}"

COMPONENTS = (
    ComponentReceipt("Tờ khai đăng ký khai sinh theo mẫu", originals=1),
    ComponentReceipt(
        "Giấy chứng sinh do cơ sở y tế nơi trẻ em sinh ra cấp; trường hợp không có giấy "
        "chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh",
        originals=1,
        certified_copies=0,
    ),
    ComponentReceipt("Giấy chứng nhận kết hôn của cha, mẹ trẻ em", certified_copies=1, photocopies=2),
)


def make_profile(**changes) -> CommuneProfile:
    values = dict(
        commune_name="Xã An Phú",
        parent_body="ỦY BAN NHÂN DÂN XÃ AN PHÚ",
        unit_name="BỘ PHẬN MỘT CỬA",
        agency_code="000.31.25.H56",
        place_name="An Phú",
        phone="0277 3851 234",
        signatories=(Signatory("Lê Văn Toàn", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"),),
    )
    values.update(changes)
    return CommuneProfile(**values)


def make_dossier(**changes) -> DossierRecord:
    values = dict(
        id="d-1",
        code=CODE,
        agency_code="000.31.25.H56",
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh",
        field_name="Hộ tịch",
        status=Status.ACCEPTED,
        channel=Channel.IN_PERSON,
        applicant=Applicant(
            name=NAME,
            id_number="087186001234",
            phone="0912 345 678",
            address=ADDRESS_NFD,
            email="huong.nguyen@example.vn",
        ),
        received_at=datetime(2026, 2, 13, 16, 30),
        due_at=datetime(2026, 2, 25, 16, 30),
        processing_text="05 ngày làm việc",
        components=COMPONENTS,
        fee_vnd=8000,
        result_delivery=ResultDelivery.DESK,
        book_number="03",
        book_serial=127,
        created_by="thuy",
        created_by_name="Trần Thị Thủy",
    )
    values.update(changes)
    return DossierRecord(**values)


@pytest.fixture
def profile() -> CommuneProfile:
    return make_profile()


@pytest.fixture
def dossier() -> DossierRecord:
    return make_dossier()
