"""ipscrm plugin: substance-free workplaces. Facts about an employer's alcohol and drug
culture (AKAN policy, alcohol at work events, serving alcohol, safety-critical testing),
who verified them and when; a jobseeker's need for a substance-free workplace; and the
badges, match rules, import column and review reminders built on them.

The hooks live in :mod:`ipscrm_substance_free.plugin` (the entry point)."""
