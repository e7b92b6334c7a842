"""Which input column feeds which employer field: the documented header aliases
(Norwegian, English and the register's own column names), ``--mapping`` files and the
columns plugins add. Headers are compared normalised (case, spaces and punctuation do not
matter), and never by position: the register's column set grows every year."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# canonical key -> header aliases, in order of preference (the first non-empty wins when a
# file has several columns for one key, e.g. the register's `telefon` and `mobil`).
ALIASES: dict[str, list[str]] = {
    "organisation_number": [
        "organisasjonsnummer", "orgnr", "org.nr", "org nr", "org. nr.", "organisasjonsnr",
        "foretaksnummer", "organisation number", "organization number", "org number",
        "org no",
    ],
    "name": [
        "navn", "name", "bedrift", "bedriftsnavn", "firma", "firmanavn", "arbeidsgiver",
        "virksomhet", "company", "company name", "employer", "employer name",
    ],
    "organisation_form": [
        "organisasjonsform.kode", "organisasjonsform", "orgform", "organisation form",
    ],
    "business_address": [
        "forretningsadresse.adresse", "beliggenhetsadresse.adresse", "adresse", "address",
        "gateadresse", "besøksadresse", "street address", "visiting address",
    ],
    "business_postcode": [
        "forretningsadresse.postnummer", "beliggenhetsadresse.postnummer", "postnr",
        "postnummer", "postcode", "post code", "postal code", "zip",
    ],
    "business_place": [
        "forretningsadresse.poststed", "beliggenhetsadresse.poststed", "poststed", "sted",
        "city", "town", "place",
    ],
    "business_municipality": [
        "forretningsadresse.kommune", "beliggenhetsadresse.kommune", "kommune",
        "municipality",
    ],
    "business_municipality_number": [
        "forretningsadresse.kommunenummer", "beliggenhetsadresse.kommunenummer",
        "kommunenr", "kommunenummer", "municipality number", "municipality no",
    ],
    "postal_address": ["postadresse.adresse", "postadresse", "postal address"],
    "postal_postcode": ["postadresse.postnummer"],
    "postal_place": ["postadresse.poststed"],
    "postal_municipality": ["postadresse.kommune"],
    "postal_municipality_number": ["postadresse.kommunenummer"],
    "phone": ["telefon", "tlf", "telefonnummer", "phone", "telephone", "mobil", "mobile"],
    "email": ["epostadresse", "e-post", "epost", "e-postadresse", "email", "e-mail", "mail"],
    "website": ["hjemmeside", "nettside", "nettsted", "website", "web", "url", "homepage"],
    "industry": ["bransje", "næring", "industry", "sector"],
    "industry_code_1": [
        "naeringskode1.kode", "næringskode", "naeringskode", "næringskode 1", "industry code",
        "nace",
    ],
    "industry_description_1": [
        "naeringskode1.beskrivelse", "næringskode beskrivelse", "industry description",
    ],
    "industry_code_2": ["naeringskode2.kode", "næringskode 2"],
    "industry_description_2": ["naeringskode2.beskrivelse"],
    "industry_code_3": ["naeringskode3.kode", "næringskode 3"],
    "industry_description_3": ["naeringskode3.beskrivelse"],
    "industry_classification": [
        "naeringskode1.versjon", "næringskodeversjon", "kodeverk", "klassifisering",
        "classification",
    ],
    "employee_count": [
        "antallansatte", "antall ansatte", "ansatte", "employees", "number of employees",
        "employee count", "headcount",
    ],
    "bankrupt": ["konkurs", "bankrupt"],
    "under_liquidation": ["underavvikling", "under avvikling", "in liquidation"],
    "under_forced_liquidation": [
        "undertvangsavviklingellertvangsopplosning", "tvangsavvikling", "forced liquidation",
    ],
    "parent_organisation_number": [
        "overordnetenhet", "overordnet enhet", "hovedenhet", "parent organisation number",
        "parent",
    ],
    "contact_person": ["kontaktperson", "kontakt", "contact person", "contact"],
    "contact_phone": ["kontaktperson telefon", "kontakt telefon", "contact phone"],
    "contact_email": ["kontaktperson e-post", "kontakt e-post", "contact email"],
    "notes": ["notat", "notater", "merknad", "kommentar", "notes", "note", "comment"],
    "job_types": ["jobbtyper", "jobbtype", "stillingstyper", "job types", "job type"],
    "accommodations": [
        "tilrettelegging", "tilrettelegginger", "accommodations", "accommodation",
    ],
    "tags": ["stikkord", "tagger", "emneord", "tags", "tag"],
}  # fmt: skip

# Keys only a created employer takes from a list (the specialists own them afterwards).
CREATE_ONLY_KEYS = (
    "contact_person",
    "contact_phone",
    "contact_email",
    "notes",
    "job_types",
    "accommodations",
    "tags",
)
# The headers `ipscrm import template` writes, in order (one Norwegian alias each).
TEMPLATE_HEADERS: list[tuple[str, str]] = [
    ("name", "Navn"),
    ("organisation_number", "Org.nr"),
    ("business_address", "Adresse"),
    ("business_postcode", "Postnr"),
    ("business_place", "Poststed"),
    ("business_municipality", "Kommune"),
    ("business_municipality_number", "Kommunenr"),
    ("phone", "Telefon"),
    ("email", "E-post"),
    ("website", "Nettside"),
    ("industry", "Bransje"),
    ("employee_count", "Antall ansatte"),
    ("contact_person", "Kontaktperson"),
    ("notes", "Notat"),
    ("job_types", "Jobbtyper"),
    ("accommodations", "Tilrettelegging"),
    ("tags", "Stikkord"),
]
PLUGIN_PREFIX = "plugin:"
IGNORE = "ignore"


class MappingError(ValueError):
    """A ``--mapping`` file that cannot be used."""


def normalise_header(header: object) -> str:
    """Lower case, without BOM, spaces or punctuation: ``"Org. nr"`` → ``"orgnr"``."""
    text = str(header or "").replace("\ufeff", "").lower()
    return re.sub(r"[^0-9a-zæøåäöüé]+", "", text)


def canonical_keys() -> list[str]:
    return list(ALIASES)


@dataclass
class ColumnPlan:
    """For one header row: canonical key → column indexes (first non-empty wins)."""

    headers: list[str]
    columns: dict[str, list[int]] = field(default_factory=dict)

    @property
    def has_name(self) -> bool:
        return "name" in self.columns

    def unknown_headers(self) -> list[str]:
        used = {i for cols in self.columns.values() for i in cols}
        return [h for i, h in enumerate(self.headers) if i not in used and h.strip()]


class ColumnMatcher:
    """Builds a :class:`ColumnPlan` for each header row of a file."""

    def __init__(
        self,
        mapping: Mapping[str, str | None] | None = None,
        plugin_columns: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.mapping = {normalise_header(k): v for k, v in (mapping or {}).items()}
        self.lookup: dict[str, tuple[int, str]] = {}
        rank = 0
        for key, aliases in ALIASES.items():
            for alias in aliases:
                rank += 1
                self.lookup.setdefault(normalise_header(alias), (rank, key))
        for key, aliases in (plugin_columns or {}).items():
            for alias in [key, *aliases]:
                rank += 1
                self.lookup.setdefault(normalise_header(alias), (rank, PLUGIN_PREFIX + key))

    def key_for(self, header: str) -> str | None:
        norm = normalise_header(header)
        if norm in self.mapping:
            target = self.mapping[norm]
            return None if target in (None, "", IGNORE) else target
        hit = self.lookup.get(norm)
        return hit[1] if hit else None

    def plan(self, headers: Sequence[str]) -> ColumnPlan:
        ranked: dict[str, list[tuple[int, int]]] = {}
        for index, header in enumerate(headers):
            norm = normalise_header(header)
            if not norm:
                continue
            if norm in self.mapping:
                key = self.key_for(header)
                rank = 0
            else:
                rank, key = self.lookup.get(norm, (0, None))
            if key:
                ranked.setdefault(key, []).append((rank, index))
        columns = {key: [i for _, i in sorted(pairs)] for key, pairs in ranked.items()}
        return ColumnPlan(headers=[str(h or "") for h in headers], columns=columns)

    def score(self, cells: Sequence[object]) -> int:
        """How many cells of a row are known headers (to find the header row in sheets)."""
        return sum(1 for c in cells if isinstance(c, str) and self.key_for(c))


def load_mapping(path: str | Path, plugin_keys: Iterable[str] = ()) -> dict[str, str | None]:
    """A JSON object ``{"Column header": "canonical key" | null}``; ``null`` or
    ``"ignore"`` skips a column. Plugin keys may be given as ``plugin:<key>`` or bare."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise MappingError(f"Cannot read the mapping file {path}: {err}") from err
    if not isinstance(data, dict):
        raise MappingError(f"The mapping file {path} must hold a JSON object.")
    plugin = set(plugin_keys)
    known = set(ALIASES)
    result: dict[str, str | None] = {}
    for header, key in data.items():
        if key in (None, "", IGNORE):
            result[str(header)] = None
            continue
        if not isinstance(key, str):
            raise MappingError(f"Mapping for “{header}” must be a text, got {key!r}.")
        if key in plugin:
            key = PLUGIN_PREFIX + key
        if key not in known and not (key.startswith(PLUGIN_PREFIX) and key[7:] in plugin):
            raise MappingError(
                f"Unknown field “{key}” for column “{header}”. Known: {', '.join(sorted(known))}."
            )
        result[str(header)] = key
    return result
