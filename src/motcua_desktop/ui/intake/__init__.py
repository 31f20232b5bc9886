"""The intake screen (tiếp nhận hồ sơ): procedure, applicant, components, slip."""

from motcua_desktop.ui.intake.page import IntakePage

__all__ = ["IntakePage"]
