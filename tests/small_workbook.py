"""Småby: a small but complete planning workbook for the reader and rule tests.

Exempelstad (`ramkalk.example.municipality`) is the example of the docs, the snapshots and
the end-to-end tests; building and saving its workbook (900 population rows, 18 sheets full
of rows) takes about 0,2 s, Småby's 0,04 s. A test that breaks one cell to see how it is
read needs a workbook where every sheet of the format is there with a few rows and a value
to break in its columns: Småby. It has three committees (KS traditional without automatic
volume, FSN on the price-tag model, GSN traditional with volume and a result returned over
two years), three volume groups, a budget year and one plan year (2027–2028), PO-pålägg
and wages revised in April, a few decisions, and a row or two in every optional sheet, and
it is valid without a plausibility warning.

It has no versions, no earlier forecast (so no ex-post correction), no result cap and no
balance shares (its balancing is Proportionellt), so leaving out any optional column still
leaves a valid workbook; these columns (Version, Prognosår, Resultattak, Balansandel) are
empty.

The workbook's rows (header in row 1; `tests/test_reader.py::test_small_workbook_layout`
guards the ones the tests use):

    Inställningar  2 Kommun, 3 Budgetår, 4 Antal planår, 5 Belopp i, 6 Effektiviseringsbas,
                   7 Balanseringskrav, 8 Lönerevision (månad), 9… Varning … (value in column B)
    Nämnder        2 KS (Automatisk volym Nej), 3 FSN (Prislapp), 4 GSN (Återförs over 2 years)
                   (A Kod, B Namn, C Personalkostnadsandel, D Automatisk volym, E Modell, ...)
    Index          2 2025 (needed by no rule), 3 2026 (the wage carry-over into 2027), 4 2027, 5 2028
                   (A År, B Löneökning, C Prisökning, D Effektiviseringskrav, E PO-pålägg, F Källa)
    Nämndsatser    2 KS 2028, its own efficiency requirement 0,75 % (the year's too: no number changes)
    Ramdelar       2 KS Kapitalkostnader 0 kr, not indexed, no efficiency (no number changes)
    Volymdrivare   2 KS Väg km (Eget mått), 40 000 kr per km for 2027
    Volymmått      2 Väg km 2026, 3 2027, 4 2028: 120 km each year (so no number changes)
    Standardkostnader 2 FSN Förskola 2027, 30 000 kr per inhabitant (a comparison only)
    Ramar          2 KS 2025, 3 KS 2026, 4 FSN 2025, 5 FSN 2026, 6 GSN 2025, 7 GSN 2026
                   (A Nämnd, B År, C Ram, D Varav engångs, E Varav teknisk ram)
    Befolkning     2024 (Utfall, needed by no rule) ages 0–20 in rows 2–22, 2025 in rows 23–43,
                   2026 in 44–64, 2027 in 65–85, 2028 in 86–106 (A År, B Ålder, C Antal, D Typ)
    Volymgrupper   2 FSN Förskola 1–5 (Medel), 3 GSN Förskoleklass 6–6, 4 GSN Grundskola 7–15
                   (compensation 0,9) (A Nämnd, B Grupp, C Från, D Till, E Vikt, F Prislapp,
                   G Prisår, H Kompensationsgrad, I Volymdefinition)
    Beslut         2 GSN 2027 +3 000 000 Satsning, 3 FSN 2027 −1 000 000 Besparing,
                   4 KS 2028 +500 000 Satsning Engångs (A Nämnd, B År, C Belopp, D Typ,
                   E Varaktighet, F Fokusområde, G Beskrivning)

The population of 2024 and the index of 2025 are needed by no rule (the preschool group's
mean of two year-ends reaches back to 2025's population, the wage carry-over to 2026's
index), so breaking a 2024 population row or the 2025 index row gives exactly one problem.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path

from ramkalk.schema.inputs import (
    Activity,
    AdoptedFrame,
    AllocationAmount,
    AllocationRule,
    AllocationUnit,
    BalancingRule,
    CentralItem,
    Committee,
    CommitteeRates,
    Compensation,
    CostShare,
    CostTypeRate,
    Decision,
    DecisionType,
    Driver,
    Duration,
    FocusArea,
    FrameModel,
    FramePart,
    IndexYear,
    InternalPrice,
    InternalService,
    Measure,
    Outcome,
    Participation,
    PartIndexation,
    PlanningData,
    PopulationCount,
    PopulationKind,
    ResultRule,
    Revenue,
    RevenueTag,
    Scenario,
    Settings,
    StandardCost,
    UnitVolume,
    VolumeDefinition,
    VolumeDriver,
    VolumeGroup,
)
from ramkalk.workbook.writer import write_workbook

D = Decimal
BUDGET_YEAR = 2027
POPULATION_YEARS = range(2024, 2029)
TOP_AGE = 20  # "20 and older"
CHILDREN, SAFETY = "Barn och unga", "Trygghet"
COST_TYPES = ("Hyror", "Övrigt")


def population_row(year: int, age: int) -> int:
    """The row of Befolkning holding `year` and `age`."""
    return 2 + (year - POPULATION_YEARS[0]) * (TOP_AGE + 1) + age


def _count(year: int, age: int) -> Decimal:
    """A smooth population of about 100 per age, growing a little each year (no plausibility warning)."""
    return D(100 + age + 2 * (year - POPULATION_YEARS[0]))


def _population() -> tuple[PopulationCount, ...]:
    return tuple(PopulationCount(year, age, _count(year, age),
                                 PopulationKind.OUTCOME if year < 2026 else PopulationKind.FORECAST)
                 for year in POPULATION_YEARS for age in range(TOP_AGE + 1))


@functools.cache
def smaby() -> PlanningData:
    """Småby's planning data (built once; the records are immutable)."""
    return PlanningData(
        settings=Settings("Småby", BUDGET_YEAR, plan_years=1, balancing=BalancingRule.PRO_RATA, pay_revision_month=4,
                          price_tag_efficiency=False),
        committees=(
            Committee("KS", "Kommunstyrelsen", D("0.55"), automatic_volume=False),
            Committee("FSN", "Förskolenämnden", D("0.75"), model=FrameModel.PRICE_TAG, result_rule=ResultRule.KEEP),
            Committee("GSN", "Grundskolenämnden", D("0.70"), result_rule=ResultRule.RETURN, return_years=2),
        ),
        index=tuple(IndexYear(year, D(wage), D(price), D(efficiency), source, D(overhead))
                    for year, wage, price, efficiency, overhead, source in (
                        (2025, "0.034", "0.021", "0.010", "0.3915", "Utfall enligt SKR:s PKV"),
                        (2026, "0.035", "0.020", "0.010", "0.3915", "SKR cirkulär 26:12"),
                        (2027, "0.034", "0.022", "0.0075", "0.4015", "SKR cirkulär 26:12"),
                        (2028, "0.035", "0.023", "0.0075", "0.4015", "SKR cirkulär 26:12"),
                    )),
        committee_rates=(CommitteeRates("KS", 2028, D("0.0075"), reference="KF 2026-06-15 § 80"),),
        frame_parts=(FramePart("KS", "Kapitalkostnader", D(0), PartIndexation.NONE, False),),
        volume_drivers=(VolumeDriver("KS", "Väg km", Driver.MEASURE, D(40_000), 2027),),
        measures=tuple(Measure("Väg km", year, D(120), "Trafikverket, NVDB") for year in (2026, 2027, 2028)),
        standard_costs=(StandardCost("FSN", "Förskola", 2027, D(30_000), "SCB, kostnadsutjämningen 2027"),),
        frames=(
            AdoptedFrame("KS", 2025, D(38_000_000), D(1_000_000)),
            AdoptedFrame("KS", 2026, D(39_500_000), D(500_000)),
            AdoptedFrame("FSN", 2025, D(73_000_000)),
            AdoptedFrame("FSN", 2026, D(75_000_000), D(0), D(5_000_000)),
            AdoptedFrame("GSN", 2025, D(141_000_000), D(1_000_000)),
            AdoptedFrame("GSN", 2026, D(145_000_000), D(2_000_000)),
        ),
        population=_population(),
        volume_groups=(
            VolumeGroup("FSN", "Förskola", 1, 5, D("0.93"), D(140_000), 2026, D(1), VolumeDefinition.MEAN),
            VolumeGroup("GSN", "Förskoleklass", 6, 6, D(1), D(110_000), 2027),
            VolumeGroup("GSN", "Grundskola", 7, 15, D(1), D(114_500), 2027, D("0.9")),
        ),
        decisions=(
            Decision("GSN", 2027, D(3_000_000), DecisionType.INVESTMENT, Duration.PERMANENT, CHILDREN,
                     "KF 2026-06-15 § 87 Fler lärare"),
            Decision("FSN", 2027, D(-1_000_000), DecisionType.SAVING, Duration.PERMANENT, None,
                     "KF 2026-06-15 § 89 Samordnade måltider"),
            Decision("KS", 2028, D(500_000), DecisionType.INVESTMENT, Duration.ONE_OFF, SAFETY,
                     "KF 2026-06-15 § 96 Trygghetsvärdar"),
        ),
        activities=(Activity("KS", "Kommunledning"), Activity("FSN", "Förskola"), Activity("GSN", "Grundskola")),
        focus_areas=(FocusArea(CHILDREN, "Alla barn ska klara skolan."), FocusArea(SAFETY, "En trygg kommun.")),
        revenues=tuple(Revenue(year, D(taxes), D(grants), D(-4_000_000), D("0.02"))
                       for year, taxes, grants in ((2027, 210_000_000, 75_000_000), (2028, 216_000_000, 77_000_000))),
        central_items=(CentralItem(2027, "Pensionskostnader", D(9_000_000)),
                       CentralItem(2028, "Pensionskostnader", D(9_500_000))),
        revenue_tags=(RevenueTag(2027, "Barn 1–5 år", 1, 5, D(48_000)),
                      RevenueTag(2028, "Barn 1–5 år", 1, 5, D(49_200))),
        cost_structure=tuple(CostShare(code, kind, D(share)) for code, shares in (
            ("KS", ("0.30", "0.70")), ("FSN", ("0.45", "0.55")), ("GSN", ("0.40", "0.60")))
            for kind, share in zip(COST_TYPES, shares)),
        cost_index=tuple(CostTypeRate(year, kind, D(rate), "SKR cirkulär 26:12")
                         for year, rates in ((2027, ("0.028", "0.021")), (2028, ("0.026", "0.022")))
                         for kind, rate in zip(COST_TYPES, rates)),
        participation=tuple(Participation("FSN", "Förskola", year, D(share))
                            for year, share in ((2026, "0.926"), (2027, "0.931"), (2028, "0.936"))),
        scenarios=(Scenario("Högre löner", "November", "Löneökningen 2027 blir 4,0 %"),),
        internal_services=(InternalService("KS", "IT", D(2_000_000), Compensation.FULL),
                           InternalService("GSN", "Lokaler", D(26_000_000))),
        internal_prices=tuple(InternalPrice(service, year, D(rate), "Prislista 2027")
                              for service, rates in (("IT", ("0.050", "0.045")), ("Lokaler", ("0.034", "0.030")))
                              for year, rate in zip((2027, 2028), rates)),
        outcomes=(Outcome("KS", 2025, D(37_800_000)), Outcome("FSN", 2025, D(72_000_000)),
                  Outcome("GSN", 2025, D(142_000_000))),
        # Resursfördelning: GSN's two schools, 12 months of pupils, January and February reconciled
        units=(AllocationUnit("GSN", "Ekskolan", D(115)), AllocationUnit("GSN", "Björkskolan", D(95))),
        allocation_rules=(AllocationRule("GSN", point_amount=D(300), index_threshold=D(100), index_high=D(200),
                                         reserve=D(2_000_000)),),
        allocation_amounts=(AllocationAmount("GSN", "Grundskola", amount=D(95_000)),),
        unit_volumes=tuple(UnitVolume("GSN", school, "Grundskola", BUDGET_YEAR, month, D(pupils),
                                      D(pupils + 1) if month <= 2 else None)
                           for school, pupils in (("Ekskolan", 700), ("Björkskolan", 520)) for month in range(1, 13)),
    )


def write_smaby(path: Path) -> Path:
    """Småby's workbook written as `ramkalk exempel` writes Exempelstad's (with the sheet Beräkning)."""
    write_workbook(smaby(), path)
    return path
