"""Versions of the slip templates; each printed page names the version that made it."""

from __future__ import annotations

# "<form number>/<circular>.<revision>": bump the revision whenever a layout or wording changes.
TEMPLATE_VERSIONS: dict[str, str] = {
    "receipt": "01/TT03-2025.1",
    "supplement": "02/TT03-2025.1",
    "refusal": "03/TT03-2025.1",
    "apology": "04/TT03-2025.1",
    "stop": "05/TT03-2025.1",
    "control_sheet": "06/TT03-2025.1",
    "book": "07/TT03-2025.1",
}
