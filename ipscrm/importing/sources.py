"""Opening an input file: ``.gz`` decompression, the SHA-256 of what was read, the text
encoding (UTF-8, UTF-8 with BOM, or Windows-1252/Latin-1 as Excel saves it), the CSV
delimiter, and the format (register CSV, register JSON, generic CSV, XLSX).

Everything is streamed: the file is read once to hash it and check the encoding, then
again by the reader; nothing holds the whole file in memory."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

FORMATS = ("brreg-csv", "brreg-json", "csv", "xlsx")
REGISTER_FORMATS = ("brreg-csv", "brreg-json")
CHUNK = 1 << 20
SNIFF_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t")
# Headers that only the register's files have (normalised, see columns.normalise_header).
_REGISTER_PREFIXES = (
    "organisasjonsform",
    "forretningsadresse",
    "beliggenhetsadresse",
    "naeringskode1",
    "overordnetenhet",
)


class UnreadableFile(Exception):
    """The file cannot be imported at all (nothing is written)."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass
class SourceInfo:
    path: Path
    gzipped: bool
    sha256: str
    size: int
    encoding: str  # "utf-8-sig" or "cp1252" / "latin-1" ("" for xlsx)
    format: str
    delimiter: str = ","


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def open_binary(path: Path, gzipped: bool) -> IO[bytes]:
    return gzip.open(path, "rb") if gzipped else open(path, "rb")  # noqa: SIM115


def _scan(path: Path, gzipped: bool) -> tuple[str, int, str, bytes]:
    """One pass: the SHA-256 of the file as stored, its decompressed size, the encoding
    that decodes all of it, and its first bytes (for sniffing)."""
    digest = hashlib.sha256()
    with open(path, "rb") as raw:
        for chunk in iter(lambda: raw.read(CHUNK), b""):
            digest.update(chunk)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    utf8_ok = cp1252_ok = True
    size = 0
    head = b""
    try:
        with open_binary(path, gzipped) as fh:
            for chunk in iter(lambda: fh.read(CHUNK), b""):
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
                size += len(chunk)
                if utf8_ok:
                    try:
                        utf8.decode(chunk)
                    except UnicodeDecodeError:
                        utf8_ok = False
                if cp1252_ok and not utf8_ok:
                    try:
                        cp1252.decode(chunk)
                    except UnicodeDecodeError:
                        cp1252_ok = False
            if utf8_ok:
                try:
                    utf8.decode(b"", final=True)
                except UnicodeDecodeError:
                    utf8_ok = False
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as err:
        raise UnreadableFile(path, f"cannot be read ({err})") from err
    if utf8_ok:
        encoding = "utf-8-sig"
    elif cp1252_ok:
        # cp1252 was only tried from the first chunk that failed as UTF-8; recheck all.
        encoding = "cp1252" if _decodes(path, gzipped, "cp1252") else "latin-1"
    else:
        encoding = "latin-1"
    return digest.hexdigest(), size, encoding, head


def _decodes(path: Path, gzipped: bool, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open_binary(path, gzipped) as fh:
            for chunk in iter(lambda: fh.read(CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of , ; and tab outside quotes."""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _looks_like_register(header_line: str) -> bool:
    from ipscrm.importing.columns import normalise_header

    names = {normalise_header(h) for h in header_line.replace(";", ",").split(",")}
    if "organisasjonsnummer" not in names or "navn" not in names:
        return False
    return any(n.startswith(_REGISTER_PREFIXES) for n in names)


def _detect(path: Path, head: bytes, encoding: str, requested: str) -> tuple[str, str]:
    if requested == "xlsx" or (requested == "auto" and head[:4] == b"PK\x03\x04"):
        return "xlsx", ""
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    stripped = text.lstrip()
    suffixes = [s.lower() for s in path.suffixes]
    if requested == "brreg-json" or (
        requested == "auto" and (".json" in suffixes or stripped[:1] in ("[", "{"))
    ):
        return "brreg-json", ""
    delimiter = sniff_delimiter(text)
    if requested != "auto":
        return requested, delimiter
    first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    return ("brreg-csv" if _looks_like_register(first_line) else "csv"), delimiter


def inspect_source(path: str | Path, requested: str = "auto") -> SourceInfo:
    """Hash the file, find its encoding, delimiter and format. Raises UnreadableFile."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(path, "no such file")
    gzipped = _is_gzip(path)
    digest, size, encoding, head = _scan(path, gzipped)
    if size == 0:
        raise UnreadableFile(path, "the file is empty")
    if gzipped and head[:4] == b"PK\x03\x04":
        raise UnreadableFile(path, "a compressed Excel file is not supported; unpack it first")
    fmt, delimiter = _detect(path, head, encoding, requested)
    if fmt == "xlsx":
        encoding = ""
        if head[:4] != b"PK\x03\x04":
            raise UnreadableFile(path, "not an Excel (.xlsx) file")
    return SourceInfo(path, gzipped, digest, size, encoding, fmt, delimiter)


def open_text(info: SourceInfo) -> IO[str]:
    """The decoded text stream (BOM removed), for CSV (newline="") and JSON readers."""
    binary = open_binary(info.path, info.gzipped)
    return io.TextIOWrapper(binary, encoding=info.encoding, newline="")


def read_chunks(stream: IO[str], size: int = CHUNK) -> Iterator[str]:
    yield from iter(lambda: stream.read(size), "")
