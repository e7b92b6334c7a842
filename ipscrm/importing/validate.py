"""Turning one input row into an employer record: validation, normalisation and the
filters. A row is rejected when it has no usable name or an invalid organisation number;
an invalid optional field (postcode, e-mail, web address, ...) is dropped with a warning
and the row is imported without it. Pure functions, no database."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import mul

from ipscrm.importing.columns import PLUGIN_PREFIX, ColumnPlan
from ipscrm.validation import (
    EMPLOYER_TEXT_LIMITS,
    InvalidValue,
    check_email,
    check_municipality_number,
    check_organisation_number,
    check_postcode,
    check_url,
)

MAX_LENGTHS = {**EMPLOYER_TEXT_LIMITS, "contact_person": 120, "contact_phone": 40}
_CHECKS = {
    "business_postcode": check_postcode,
    "postal_postcode": check_postcode,
    "business_municipality_number": check_municipality_number,
    "postal_municipality_number": check_municipality_number,
    "email": check_email,
    "contact_email": check_email,
    "website": check_url,
    "parent_organisation_number": check_organisation_number,
}
_MULTILINE = ("business_address", "postal_address", "notes")
FLAGS = ("bankrupt", "under_liquidation", "under_forced_liquidation")
_TRUE = {"true", "ja", "yes", "j", "y", "1", "x"}
_FALSE = {"false", "nei", "no", "n", "0", ""}
_INDUSTRY_CODE = re.compile(r"^\d{2}(\.\d{1,3})?$")
_SPLIT = re.compile(r"[;,\n]")


@dataclass
class Problem:
    field: str
    value: str
    reason: str


@dataclass(slots=True)
class Record:
    """A validated row. ``data`` holds employer fields (only those the file has a column
    for); ``extras`` the create-only values; ``plugin`` raw values of plugin columns."""

    number: int
    data: dict[str, object] = field(default_factory=dict)
    extras: dict[str, object] = field(default_factory=dict)
    plugin: dict[str, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    error: Problem | None = None

    organisation_number: str | None = None  # set when the row is built


def parse_int(text: str) -> int:
    if text.isascii() and text.isdigit() and len(text) <= 8:
        return int(text)
    cleaned = re.sub(r"[\s\u00a0']", "", text)
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not re.fullmatch(r"\d{1,8}", cleaned):
        raise InvalidValue("Must be a whole number, 0 or more, got “%(value)s”.", {"value": text})
    return int(cleaned)


def parse_flag(text: str) -> bool:
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise InvalidValue("Must be true or false, got “%(value)s”.", {"value": text})


def split_terms(text: str, max_length: int = 60) -> list[str]:
    """Comma/semicolon/newline separated terms: trimmed, lower case, unique, in order."""
    seen: dict[str, None] = {}
    for part in _SPLIT.split(text):
        term = " ".join(part.split()).lower()[:max_length]
        if term:
            seen.setdefault(term, None)
    return list(seen)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _lines(text: str) -> str:
    if "\n" not in text and "\r" not in text:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


_EXTRA_KEYS = ("contact_person", "contact_phone", "contact_email")
_FOUR_DIGITS = (
    "business_postcode",
    "postal_postcode",
    "business_municipality_number",
    "postal_municipality_number",
)
_SLOW = {
    *_CHECKS,
    *_MULTILINE,
    *_EXTRA_KEYS,
    "organisation_number",
    "employee_count",
    "job_types",
    "tags",
    "accommodations",
}


_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_K_TEXT, _K_FOUR, _K_ORGNR, _K_FLAG, _K_PLUGIN, _K_SLOW, _K_LINES, _K_INT = range(8)
_COMPILED: dict[int, tuple[ColumnPlan, _Steps]] = {}


def _valid_orgnr(raw: str) -> bool:
    """The common case without building an error: 9 ASCII digits, right check digit."""
    if len(raw) != 9 or not raw.isascii() or not raw.isdigit():
        return False
    remainder = sum(map(mul, map(int, raw[:8]), _WEIGHTS)) % 11
    return remainder != 1 and (0 if remainder == 0 else 11 - remainder) == int(raw[8])


def _kind(key: str) -> int:
    if key in ("business_address", "postal_address"):
        return _K_LINES
    if key == "employee_count":
        return _K_INT
    if key.startswith(PLUGIN_PREFIX):
        return _K_PLUGIN
    if key in FLAGS:
        return _K_FLAG
    if key in _FOUR_DIGITS:
        return _K_FOUR
    if key in ("organisation_number", "parent_organisation_number"):
        return _K_ORGNR
    return _K_SLOW if key in _SLOW else _K_TEXT


@dataclass
class _Steps:
    """A plan split by kind, so the common columns run in tight loops."""

    text: list[tuple[str, int, int]]  # (key, index, max length), one column each
    four: list[tuple[str, int]]
    orgnr: list[tuple[str, int]]
    flags: list[tuple[str, int]]
    lines: list[tuple[str, int]]
    ints: list[tuple[str, int]]
    other: list[tuple[str, tuple[int, ...], int]]  # several columns, plugins, slow kinds
    fast: Callable[..., None] = lambda *args: None  # noqa: E731


def _compiled(plan: ColumnPlan) -> _Steps:
    """The plan's steps, cached per plan."""
    hit = _COMPILED.get(id(plan))
    if hit is not None and hit[0] is plan:
        return hit[1]
    if len(_COMPILED) > 256:
        _COMPILED.clear()
    steps = _Steps([], [], [], [], [], [], [])
    for key, indexes in plan.columns.items():
        kind = _kind(key)
        if len(indexes) != 1 or kind in (_K_PLUGIN, _K_SLOW):
            if kind in (_K_LINES, _K_INT):
                kind = _K_SLOW
            steps.other.append((key, tuple(indexes), kind))
        elif kind == _K_TEXT:
            steps.text.append((key, indexes[0], MAX_LENGTHS.get(key, 255)))
        elif kind == _K_FOUR:
            steps.four.append((key, indexes[0]))
        elif kind == _K_ORGNR:
            steps.orgnr.append((key, indexes[0]))
        elif kind == _K_LINES:
            steps.lines.append((key, indexes[0]))
        elif kind == _K_INT:
            steps.ints.append((key, indexes[0]))
        else:
            steps.flags.append((key, indexes[0]))
    steps.fast = _generate(steps)
    _COMPILED[id(plan)] = (plan, steps)
    return steps


def _generate(steps: _Steps) -> Callable[..., None]:
    """Straight-line code for the single-column steps of a plan (no loop, no dispatch per
    column): the hot path of a register import. Keys are canonical field names and
    indexes integers, so the generated source holds nothing from the input file."""
    out = ["def fast(values, record, data, lookup):"]
    for key, i, limit in steps.text:
        out += [
            f"    raw = values[{i}]",
            "    if raw:",
            "        text = ' '.join(raw.split())",
            f"        if len(text) <= {limit}:",
            f"            data[{key!r}] = text or None",
            "        else:",
            f"            _field(record, {key!r}, raw.strip(), lookup)",
            "    else:",
            f"        data[{key!r}] = None",
        ]
    for key, i in steps.four:
        out += [
            f"    raw = values[{i}].strip()",
            "    if not raw:",
            f"        data[{key!r}] = None",
            "    elif len(raw) == 4 and raw.isascii() and raw.isdigit():",
            f"        data[{key!r}] = raw",
            "    else:",
            f"        _field(record, {key!r}, raw, lookup)",
        ]
    for key, i in steps.orgnr:
        out += [
            f"    raw = values[{i}].strip()",
            "    if not raw:",
            f"        data[{key!r}] = None",
            "    elif _valid_orgnr(raw):",
            f"        data[{key!r}] = raw",
            "    else:",
            f"        _field(record, {key!r}, raw, lookup)",
        ]
    for key, i in steps.flags:
        out += [
            f"    raw = values[{i}].strip()",
            "    low = raw.lower()",
            "    if low in _TRUE:",
            f"        data[{key!r}] = True",
            "    elif low in _FALSE:",
            f"        data[{key!r}] = False",
            "    else:",
            f"        _field(record, {key!r}, raw, lookup)",
        ]
    for key, i in steps.lines:
        out += [
            f"    raw = values[{i}]",
            "    if raw and '\\n' not in raw and '\\r' not in raw and len(raw) <= 500:",
            f"        data[{key!r}] = ' '.join(raw.split()) or None",
            "    else:",
            f"        _field(record, {key!r}, raw.strip(), lookup)",
        ]
    for key, i in steps.ints:
        out += [
            f"    raw = values[{i}]",
            "    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 8:",
            f"        data[{key!r}] = int(raw)",
            "    else:",
            f"        _field(record, {key!r}, raw.strip(), lookup)",
        ]
    out.append("    return None")
    namespace = {"_field": _field, "_valid_orgnr": _valid_orgnr, "_TRUE": _TRUE, "_FALSE": _FALSE}
    exec(compile("\n".join(out), "<import plan>", "exec"), namespace)  # noqa: S102
    return namespace["fast"]  # type: ignore[return-value]


def build_record(
    number: int,
    values: Sequence[str],
    plan: ColumnPlan,
    accommodation_lookup: Mapping[str, str] | None = None,
) -> Record:
    """Validate one row (see module docstring). The loops below are the fast paths for
    common, valid values; anything else goes through :func:`_field`."""
    if "\x00" in "".join(values):  # NUL means nothing in text, and PostgreSQL refuses it
        values = [value.replace("\x00", "") for value in values]
    record = Record(number)
    data = record.data
    size = len(values)
    steps = _compiled(plan)
    if size < len(plan.headers):
        values = [*values, *([""] * (len(plan.headers) - size))]
    steps.fast(values, record, data, accommodation_lookup)
    for key, indexes, kind in steps.other:
        raw = ""
        for i in indexes:
            if i < size and values[i] and not values[i].isspace():
                raw = values[i].strip()
                break
        if kind == _K_PLUGIN:
            if raw:
                record.plugin[key[len(PLUGIN_PREFIX) :]] = raw
            continue
        if kind == _K_TEXT:
            if not raw:
                data[key] = None
                continue
            text = " ".join(raw.split())
            if len(text) <= MAX_LENGTHS.get(key, 255):
                data[key] = text
                continue
        _field(record, key, raw, accommodation_lookup)
    record.organisation_number = data.get("organisation_number")  # type: ignore[assignment]
    if record.error is None:
        name = data.get("name")
        if not name:
            record.error = Problem("name", "", "A name is required.")
    parent = data.get("parent_organisation_number")
    if parent and parent == data.get("organisation_number"):
        data["parent_organisation_number"] = None
    if "industry" in data:
        industry = data.pop("industry")
        if industry:
            target = (
                "industry_code_1" if _INDUSTRY_CODE.match(industry) else "industry_description_1"  # type: ignore[arg-type]
            )
            if not data.get(target):
                data[target] = industry
    return record


def _field(record: Record, key: str, raw: str, accommodations: Mapping[str, str] | None) -> None:
    data, extras = record.data, record.extras
    if key == "organisation_number":
        if not raw:
            data[key] = None
            return
        try:
            data[key] = check_organisation_number(raw)
        except InvalidValue as err:
            record.error = Problem(key, raw, str(err))
        return
    if key in FLAGS:
        try:
            data[key] = parse_flag(raw)
        except InvalidValue as err:
            record.warnings.append(Problem(key, raw, str(err)))
        return
    if not raw:
        target = extras if key in ("contact_person", "contact_phone", "contact_email") else data
        if key not in ("job_types", "accommodations", "tags", "notes"):
            target[key] = None
        return
    try:
        if key in _CHECKS:
            value: object = _CHECKS[key](raw)
        elif key == "employee_count":
            value = parse_int(raw)
        elif key in ("job_types", "tags"):
            extras[key] = split_terms(raw)
            return
        elif key == "accommodations":
            extras[key] = _accommodations(record, raw, accommodations or {})
            return
        elif key in _MULTILINE:
            value = _lines(raw)
        else:
            value = _one_line(raw)
        limit = MAX_LENGTHS.get(key, 255)
        if isinstance(value, str) and len(value) > limit:
            raise InvalidValue("At most %(max)s characters.", {"max": limit})
    except InvalidValue as err:
        if key == "name":
            record.error = Problem(key, raw, str(err))
        else:
            record.warnings.append(Problem(key, raw, str(err)))
        return
    if key in ("contact_person", "contact_phone", "contact_email", "notes"):
        extras[key] = value
    else:
        data[key] = value


def _accommodations(record: Record, raw: str, lookup: Mapping[str, str]) -> list[str]:
    codes: list[str] = []
    for term in split_terms(raw, max_length=200):
        code = lookup.get(term)
        if code is None:
            record.warnings.append(
                Problem("accommodations", term, "Not in the accommodation catalogue.")
            )
        elif code not in codes:
            codes.append(code)
    return codes
