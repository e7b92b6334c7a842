"""Validation and normalisation of the values employers carry: organisation numbers
(MOD11), postcodes and municipality numbers, e-mail addresses and web addresses.

Pure functions without Flask, shared by forms, services and the importer. Each ``check_*``
returns the normalised value or raises :class:`InvalidValue` with a message that says what
is wrong (translatable via ``message`` + ``params``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ipscrm.i18n import N_

ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_EMAIL_RE = re.compile(
    r"^[^@\s<>\"',;]+@[A-Za-z0-9ÆØÅæøå](?:[A-Za-z0-9ÆØÅæøå-]*[A-Za-z0-9ÆØÅæøå])?(?:\.[A-Za-z0-9ÆØÅæøå](?:[A-Za-z0-9ÆØÅæøå-]*[A-Za-z0-9ÆØÅæøå])?)+$"
)
_URL_HOST_RE = re.compile(
    r"^[A-Za-z0-9ÆØÅæøå](?:[A-Za-z0-9ÆØÅæøå.-]*[A-Za-z0-9ÆØÅæøå])?\.[A-Za-z]{2,}(?::\d{1,5})?(?:[/?#].*)?$"
)


@dataclass
class InvalidValue(ValueError):
    """A value that cannot be accepted. ``message`` is an English msgid with
    ``%(name)s`` placeholders filled from ``params``."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message % self.params if self.params else self.message


def orgnr_check_digit(first_eight: str) -> int | None:
    """The MOD11 check digit for eight digits, or None when no valid number exists."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, ORGNR_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def check_organisation_number(value: str) -> str:
    """Nine digits (spaces and dots allowed in the input) with a correct MOD11 check digit."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not re.fullmatch(r"\d{9}", digits):
        raise InvalidValue(
            N_("Organisation number must be 9 digits, got “%(value)s”."), {"value": value}
        )
    expected = orgnr_check_digit(digits[:8])
    if expected is None or expected != int(digits[8]):
        raise InvalidValue(
            N_("Organisation number %(value)s has a wrong check digit (MOD11)."), {"value": digits}
        )
    return digits


def is_valid_organisation_number(value: str) -> bool:
    try:
        check_organisation_number(value)
    except InvalidValue:
        return False
    return True


def _four_digits(value: str | int, what: str) -> str:
    text = str(value).strip()
    if text.endswith(".0"):  # a number that went through a spreadsheet
        text = text[:-2]
    if not re.fullmatch(r"\d{1,4}", text):
        raise InvalidValue(what, {"value": value})
    # Spreadsheets drop leading zeros: 301 -> 0301.
    return text.zfill(4)


def check_postcode(value: str | int) -> str:
    return _four_digits(value, N_("Postcode must be 4 digits, got “%(value)s”."))


def check_municipality_number(value: str | int) -> str:
    return _four_digits(value, N_("Municipality number must be 4 digits, got “%(value)s”."))


def check_email(value: str) -> str:
    text = (value or "").strip()
    if len(text) > 254 or not _EMAIL_RE.match(text):
        raise InvalidValue(N_("“%(value)s” is not a valid e-mail address."), {"value": value})
    return text


def check_url(value: str) -> str:
    """A web address; ``www.example.no`` is accepted and given ``https://``."""
    text = (value or "").strip()
    bare = re.sub(r"^https?://", "", text, flags=re.IGNORECASE)
    if len(text) > 255 or " " in text or not _URL_HOST_RE.match(bare):
        raise InvalidValue(N_("“%(value)s” is not a valid web address."), {"value": value})
    if not re.match(r"^https?://", text, flags=re.IGNORECASE):
        text = "https://" + text
    return text


def normalise_name(name: str) -> str:
    """Name key for matching rows without organisation number: case, spacing, punctuation
    and the company-form suffix do not matter."""
    text = re.sub(r"[^\wæøå]+", " ", (name or "").lower())
    text = re.sub(r"\b(as|asa|ans|da|sa|ba|enk|nuf|ks|iks)\b", " ", text)
    return " ".join(text.split())


# The longest text each employer field takes (the column sizes of ipscrm.models.employer).
EMPLOYER_TEXT_LIMITS: dict[str, int] = {
    "name": 255,
    "organisation_form": 10,
    "industry_code_1": 10,
    "industry_code_2": 10,
    "industry_code_3": 10,
    "industry_description_1": 255,
    "industry_description_2": 255,
    "industry_description_3": 255,
    "industry_classification": 16,
    "phone": 40,
    "business_address": 500,
    "postal_address": 500,
    "business_place": 100,
    "postal_place": 100,
    "business_municipality": 100,
    "postal_municipality": 100,
    "notes": 20_000,
}
