"""JSON shapes of domain values as the store keeps them (procedures, profiles, processing times)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import time
from typing import Any

from motcua_desktop.domain.procedures import (
    ComponentKind,
    ComponentSpec,
    Procedure,
    ProcessingTime,
    TimeUnit,
)
from motcua_desktop.domain.profile import CommuneProfile, Signatory, WorkingHours


def _time_out(t: time | None) -> str | None:
    return t.strftime("%H:%M") if t is not None else None


def _time_in(s: str | None) -> time | None:
    return time.fromisoformat(s) if s else None


def processing_to_dict(p: ProcessingTime) -> dict[str, Any]:
    return {"unit": str(p.unit), "amount": p.amount, "cutoff": _time_out(p.cutoff)}


def processing_from_dict(d: dict[str, Any]) -> ProcessingTime:
    return ProcessingTime(
        unit=TimeUnit(d["unit"]), amount=int(d.get("amount", 0)), cutoff=_time_in(d.get("cutoff"))
    )


def component_to_dict(c: ComponentSpec) -> dict[str, Any]:
    return {"name": c.name, "kind": str(c.kind), "count": c.count, "required": c.required}


def component_from_dict(d: dict[str, Any]) -> ComponentSpec:
    return ComponentSpec(
        name=d["name"],
        kind=ComponentKind(d.get("kind", "original")),
        count=int(d.get("count", 1)),
        required=bool(d.get("required", True)),
    )


def procedure_to_dict(p: Procedure) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.name,
        "field": p.field,
        "processing": processing_to_dict(p.processing),
        "components": [component_to_dict(c) for c in p.components],
        "fee_vnd": p.fee_vnd,
        "fee_note": p.fee_note,
        "result": p.result,
        "national_code": p.national_code,
        "legal_basis": p.legal_basis,
        "extra": _jsonable(p.extra),
    }


def procedure_from_dict(d: dict[str, Any], *, overridden: bool = False) -> Procedure:
    return Procedure(
        code=d["code"],
        name=d["name"],
        field=d["field"],
        processing=processing_from_dict(d["processing"]),
        components=tuple(component_from_dict(c) for c in d.get("components", ())),
        fee_vnd=int(d.get("fee_vnd") or 0),
        fee_note=d.get("fee_note", ""),
        result=d.get("result", ""),
        national_code=d.get("national_code"),
        legal_basis=d.get("legal_basis", ""),
        overridden=overridden,
        extra=dict(d.get("extra") or {}),
    )


def _jsonable(value: Any) -> Any:
    """Best effort for free-form ``extra`` dicts: keep JSON types, stringify the rest."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def profile_to_dict(p: CommuneProfile) -> dict[str, Any]:
    d = asdict(p)
    d["signatories"] = [{"name": s.name, "title": s.title} for s in p.signatories]
    d["working_hours"] = {k: _time_out(v) for k, v in asdict(p.working_hours).items()}
    return d


def profile_from_dict(d: dict[str, Any]) -> CommuneProfile:
    d = dict(d)
    hours = d.pop("working_hours", None) or {}
    signatories = d.pop("signatories", None) or []
    known = set(CommuneProfile.__dataclass_fields__)
    return CommuneProfile(
        **{k: v for k, v in d.items() if k in known},
        signatories=tuple(Signatory(s["name"], s["title"]) for s in signatories),
        working_hours=WorkingHours(**{k: _time_in(v) for k, v in hours.items() if v}),
    )
