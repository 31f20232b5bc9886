"""Test data and helpers for the slip tests: an An Phú profile, a Vietnamese dossier, PDF readers."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime

import pypdfium2 as pdfium
import zxingcpp
from pypdf import PdfReader

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
    ComponentReceipt(
        "Giấy chứng nhận kết hôn của cha, mẹ trẻ em", certified_copies=1, photocopies=2
    ),
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


# Six components of a typical dossier (đăng ký thường trú), some long enough to wrap on A5.
SIX_COMPONENTS = (
    ComponentReceipt("Tờ khai thay đổi thông tin cư trú (Mẫu CT01)", originals=1),
    ComponentReceipt("Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", certified_copies=1),
    ComponentReceipt(
        "Văn bản đồng ý cho đăng ký thường trú của chủ hộ, chủ sở hữu chỗ ở hợp pháp",
        originals=1,
    ),
    ComponentReceipt(
        "Giấy chứng nhận kết hôn (trường hợp vợ về ở với chồng, chồng về ở với vợ)",
        photocopies=1,
    ),
    ComponentReceipt("Giấy khai sinh của con", certified_copies=1, photocopies=1),
    ComponentReceipt("Căn cước của người yêu cầu", photocopies=1),
)


def normalise(text: str) -> str:
    """Extracted PDF text made comparable: NFC, no-break spaces as spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return " ".join(text.split())


def raw_page_texts(pdf: bytes) -> list[str]:
    """pypdf's text of each page, untouched."""
    reader = PdfReader(io.BytesIO(pdf))
    return [page.extract_text() for page in reader.pages]


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, normalised with ``normalise``."""
    return [normalise(text) for text in raw_page_texts(pdf)]


def decode_codes(pdf: bytes, page: int = 0, dpi: int = 250) -> dict[str, list[str]]:
    """Render one page with pdfium and decode every barcode on it: {"QRCode": [...], ...}."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[page].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    found: dict[str, list[str]] = {}
    for result in zxingcpp.read_barcodes(image):
        found.setdefault(result.format.name, []).append(result.text)
    return found
