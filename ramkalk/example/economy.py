"""Exempelstad's revenues, central items and revenue tags (intäktslappar).

Taxes, general grants and equalisation of a municipality of about 103 000 inhabitants
(about 7,3–8 bn kr a year), a required result of 2 % of taxes and grants, and central costs
outside the committees' frames. Revenues grow more slowly than the frames from 2029, so
Exempelstad shows a gap closed by a balancing requirement in the last plan years.
"""

from __future__ import annotations

from decimal import Decimal

from ramkalk.schema.inputs import CentralItem, Revenue, RevenueTag

D = Decimal

# year, taxes, general grants and equalisation, financial net (kr), result target
REVENUES = (
    (2026, 5_300_000_000, 1_977_000_000, -38_000_000, "0.02"),
    (2027, 5_425_000_000, 2_018_000_000, -41_000_000, "0.02"),
    (2028, 5_540_000_000, 2_062_000_000, -44_000_000, "0.02"),
    (2029, 5_655_000_000, 2_107_000_000, -47_000_000, "0.02"),
    (2030, 5_810_000_000, 2_164_000_000, -50_000_000, "0.02"),
)

# year, item, amount (kr; a cost reduces the room)
CENTRAL_ITEMS = tuple(
    (year, name, amount)
    for year, pensions, common in (
        (2026, 262_000_000, 31_000_000),
        (2027, 271_000_000, 32_000_000),
        (2028, 283_000_000, 33_000_000),
        (2029, 296_000_000, 34_000_000),
        (2030, 309_000_000, 35_000_000),
    )
    for name, amount in (("Pensionskostnader", pensions), ("Kommungemensamma kostnader", common))
)

# group, age from, age to, revenue per inhabitant 2027 (kr); indexed 2,5 % a year after
REVENUE_TAGS_2027 = (
    ("Barn 0–5 år", 0, 5, 48_000),
    ("Barn och unga 6–15 år", 6, 15, 52_000),
    ("Unga 16–18 år", 16, 18, 50_000),
    ("Vuxna 19–64 år", 19, 64, 94_000),
    ("Äldre 65–79 år", 65, 79, 61_000),
    ("Äldre 80 år och äldre", 80, 100, 46_000),
)


def revenues() -> tuple[Revenue, ...]:
    return tuple(Revenue(year, D(taxes), D(grants), D(net), D(target))
                 for year, taxes, grants, net, target in REVENUES)


def central_items() -> tuple[CentralItem, ...]:
    return tuple(CentralItem(year, name, D(amount)) for year, name, amount in CENTRAL_ITEMS)


def revenue_tags() -> tuple[RevenueTag, ...]:
    """Revenue tags for 2027–2030, the 2027 amounts indexed 2,5 % a year, whole kronor."""
    return tuple(
        RevenueTag(year, name, age_from, age_to, D(round(amount * 1.025 ** (year - 2027))))
        for year in range(2027, 2031)
        for name, age_from, age_to, amount in REVENUE_TAGS_2027
    )
