"""Jobseeker profiles for the relevance set: preferences as a specialist would record
them, the employers that must be in the top 5, and those that must not appear at all
(wrong municipality, archived, bankrupt or being wound up, recently contacted, or simply
unrelated work)."""

from __future__ import annotations

from tests.relevance.portfolio import (
    BAERUM,
    BERGEN,
    DRAMMEN,
    KRISTIANSAND,
    OSLO,
    STAVANGER,
    TROMSO,
    TRONDHEIM,
)


def P(name, preferences, must_top5, must_not, contacted=()):  # noqa: N802
    return {
        "name": name,
        "preferences": preferences,
        "must_top5": must_top5,
        "must_not": must_not,
        "contacted": contacted,  # employers contacted for this jobseeker 5 days ago
    }


PROFILES = [
    P(
        "warehouse in Oslo with a mentor",
        {"job_types": ["lager"], "municipalities": [OSLO], "accommodations": ["mentor"]},
        ["oslo_lager_alna", "oslo_lager_groruddalen", "oslo_engros"],
        ["oslo_lager_konkurs", "oslo_lager_arkiv", "bergen_lager", "drm_lager", "oslo_pub"],
    ),
    P(
        "warehouse in Oslo, leave out those visited in the last two weeks",
        {"job_types": ["lagerarbeid"], "municipalities": [OSLO], "exclude_contacted_days": 14},
        ["oslo_lager_groruddalen", "oslo_engros"],
        ["oslo_lager_alna", "oslo_lager_konkurs", "oslo_lager_arkiv", "bergen_lager"],
        contacted=("oslo_lager_alna",),
    ),
    P(
        "kitchen work in Bergen",
        {"job_types": ["kokk", "kjøkkenassistent"], "municipalities": [BERGEN]},
        ["bergen_restaurant_1", "bergen_restaurant_2", "bergen_kantine"],
        ["bergen_restaurant_konkurs", "svg_kafe", "krs_kafe", "bergen_pub", "bergen_lager"],
    ),
    P(
        "shop work in Trondheim, work trial wanted",
        {
            "job_types": ["butikkmedarbeider"],
            "municipalities": [TRONDHEIM],
            "accommodations": ["arbeidstrening"],
        },
        ["trd_butikk_1", "trd_butikk_2", "trd_blomster"],
        ["trd_butikk_konkurs", "oslo_butikk", "bergen_butikk", "trd_it_2"],
    ),
    P(
        "cleaning in Oslo, quiet workplace",
        {"job_types": ["renhold"], "municipalities": [OSLO], "accommodations": ["quiet_workspace"]},
        ["oslo_renhold_1", "oslo_renhold_3"],
        ["svg_renhold", "oslo_pub", "oslo_lager_arkiv"],
    ),
    P(
        "gardening in Bærum, gradual start",
        {
            "job_types": ["gartner"],
            "industries": ["81.3"],
            "municipalities": [BAERUM],
            "accommodations": ["gradual_start"],
        },
        ["baerum_gartner_1", "baerum_gartner_2", "baerum_gartner_3"],
        ["baerum_gartner_arkiv", "oslo_gartner", "baerum_butikk"],
    ),
    P(
        "driving in Stavanger",
        {"job_types": ["sjåfør"], "municipalities": [STAVANGER]},
        ["svg_transport_1", "svg_transport_2", "svg_transport_3"],
        ["svg_kafe", "svg_renhold", "oslo_engros"],
    ),
    P(
        "kindergarten in Kristiansand",
        {"job_types": ["barnehage"], "industries": ["88.9"], "municipalities": [KRISTIANSAND]},
        ["krs_barnehage_1", "krs_barnehage_2", "krs_barnehage_3"],
        ["krs_kafe", "krs_butikk"],
    ),
    P(
        "office work in Oslo, data entry",
        {
            "job_types": ["kontor"],
            "interests": "data og registrering, liker rolige omgivelser",
            "municipalities": [OSLO],
        },
        ["oslo_kontor"],
        ["oslo_pub", "trd_it", "oslo_lager_konkurs"],
    ),
    P(
        "animals in Tromsø",
        {"interests": "dyr, hester og stell av dyr", "municipalities": [TROMSO]},
        ["tos_dyr_1", "tos_dyr_2", "tos_dyr_3"],
        ["tos_pub", "oslo_pub", "tos_butikk"],
    ),
    P(
        "car care in Drammen, 20 hours",
        {"job_types": ["bilpleie", "verksted"], "municipalities": [DRAMMEN], "hours_per_week": 20},
        ["drm_bil_1", "drm_bil_2", "drm_bil_3"],
        ["svg_bil", "drm_kafe", "drm_lager"],
    ),
    P(
        "baking in Oslo with a mentor",
        {"job_types": ["baker"], "municipalities": [OSLO], "accommodations": ["mentor"]},
        ["oslo_bakeri", "oslo_bakeri_2"],
        ["oslo_lager_konkurs", "oslo_pub", "trd_butikk_konkurs"],
    ),
    P(
        "IT support in Trondheim, quiet workplace",
        {
            "job_types": ["it-support"],
            "municipalities": [TRONDHEIM],
            "accommodations": ["quiet_workspace"],
        },
        ["trd_it", "trd_it_2"],
        ["oslo_it", "trd_kafe", "trd_butikk_konkurs"],
    ),
    P(
        "hotel housekeeping in Bergen",
        {"job_types": ["housekeeping", "romrengjøring"], "municipalities": [BERGEN]},
        ["bergen_hotell"],
        ["tos_hotell", "bergen_pub", "bergen_restaurant_konkurs"],
    ),
]
