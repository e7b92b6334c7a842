"""ipscrm plugin: income planning (benefits counselling, IPS principle 4). Notes on a
jobseeker's benefit and planned work, a calculator that shows how the plan relates to
the benefit's income or hours limits (guidance, never a decision), G (grunnbeløpet) as
dated data, and review dates on My week. Only the jobseeker's specialist, their
supervisor and admins can read the notes; every read and change is audited.

The hooks live in :mod:`ipscrm_income_planning.plugin` (the entry point)."""
