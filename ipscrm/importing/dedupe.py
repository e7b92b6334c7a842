"""Duplicates within one run: the same organisation number twice in a file is imported
once; rows without one are compared on normalised name + postcode.

Organisation numbers are remembered in a bitmap of pages allocated on demand (a 9-digit
number is one bit), so a register file of 1.5 million rows needs about 25 MB however many
rows it has, instead of a set that grows with every row."""

from __future__ import annotations

from ipscrm.validation import normalise_name

_PAGE_BITS = 23  # 8,388,608 numbers (1 MiB) per page


class NumberSet:
    """A set of 9-digit numbers as a paged bitmap."""

    def __init__(self) -> None:
        self._pages: dict[int, bytearray] = {}

    def add(self, number: int) -> bool:
        """Add ``number``; False when it was there already."""
        page_no, offset = number >> _PAGE_BITS, number & ((1 << _PAGE_BITS) - 1)
        page = self._pages.get(page_no)
        if page is None:
            page = self._pages[page_no] = bytearray(1 << (_PAGE_BITS - 3))
        byte, bit = offset >> 3, 1 << (offset & 7)
        if page[byte] & bit:
            return False
        page[byte] |= bit
        return True

    def __contains__(self, number: int) -> bool:
        page = self._pages.get(number >> _PAGE_BITS)
        offset = number & ((1 << _PAGE_BITS) - 1)
        return bool(page is not None and page[offset >> 3] & (1 << (offset & 7)))


class DuplicateTracker:
    def __init__(self) -> None:
        self.numbers = NumberSet()
        self.names: dict[tuple[str, str | None], int] = {}

    def check(
        self, number: int, organisation_number: str | None, name: str, postcode: str | None
    ) -> str | None:
        """None for a first occurrence; otherwise why the row is a duplicate."""
        if organisation_number:
            if self.numbers.add(int(organisation_number)):
                return None
            return f"Organisation number {organisation_number} appears earlier in the input; imported once."
        key = (normalise_name(name), postcode)
        first = self.names.setdefault(key, number)
        if first == number:
            return None
        return f"Same name and postcode as row {first}; imported once."
