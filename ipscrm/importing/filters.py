"""The filters of ``ipscrm import employers``: closed units (bankrupt, liquidating),
municipality numbers, industry code prefixes and a minimum number of employees."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ipscrm.importing.validate import FLAGS, Record
from ipscrm.validation import check_municipality_number


@dataclass
class Filters:
    municipalities: frozenset[str] = frozenset()
    industries: tuple[str, ...] = ()
    min_employees: int | None = None
    include_closed: bool = False

    @classmethod
    def build(
        cls,
        municipalities: Sequence[str] = (),
        industries: Sequence[str] = (),
        min_employees: int | None = None,
        include_closed: bool = False,
    ) -> Filters:
        return cls(
            frozenset(check_municipality_number(m) for m in municipalities),
            tuple(i.replace(".", "").strip() for i in industries if i.strip()),
            min_employees,
            include_closed,
        )

    def reason(self, record: Record) -> str | None:
        """Why the record is filtered out, or None when it passes."""
        data = record.data
        if not self.include_closed:
            for flag in FLAGS:
                if data.get(flag):
                    return f"closed ({flag})"
        if self.municipalities and data.get("business_municipality_number") not in (
            self.municipalities
        ):
            return "municipality not selected"
        if self.industries:
            codes = [str(data.get(f"industry_code_{n}") or "").replace(".", "") for n in (1, 2, 3)]
            if not any(c and c.startswith(self.industries) for c in codes):
                return "industry not selected"
        if self.min_employees is not None:
            count = data.get("employee_count")
            if not isinstance(count, int) or count < self.min_employees:
                return "fewer employees than the minimum"
        return None
