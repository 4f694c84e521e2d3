"""Exempelstad's standard costs (Standardkostnader): kostnadsutjämningens standardkostnad for förskola per
inhabitant, to set Förskolenämnden's price-tag frame per inhabitant against (`ramkalk.rules.standard_costs`).
Synthetic, of the size SCB publishes; a comparison only, so no frame changes."""

from __future__ import annotations

from decimal import Decimal

from ramkalk.schema.inputs import StandardCost

PRESCHOOL = {2027: 8_150, 2028: 8_390, 2029: 8_610, 2030: 8_830}  # kr per inhabitant
SOURCE = "SCB, kostnadsutjämningen 2027 (2028–2030 uppräknade)"


def standard_costs() -> tuple[StandardCost, ...]:
    return tuple(StandardCost("FSN", "Förskola", year, Decimal(cost), SOURCE) for year, cost in PRESCHOOL.items())
