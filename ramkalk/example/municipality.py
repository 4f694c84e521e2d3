"""Exempelstad: a fictional Swedish municipality of about 100 000 inhabitants.

Exempelstad is the example used in the documentation, the tests and the demo
workbook. It has the committees of a typical mid-sized municipality organised like
Borås (KS, four committees for children, school and care, IFO and SON without
automatic volume, culture, planning, technical services and environment), frames
adopted for 2025 and 2026 that add up to about 6,6 billion kronor, SKR-like index
rates for 2025–2030, a population by single-year age from a simple cohort model
(`ramkalk.example.population`), price tags for preschool, school, upper secondary
school and elderly care, and council decisions for the budget year 2027 and the plan
years 2028–2030 of every type and both durations.

`synthetic()` builds a larger, made-up municipality with the same population and
index for benchmarks. Everything is plain data: no files, no randomness but a seeded
`random.Random`, so both functions return equal data on every call. Amounts are whole
kronor (`Unit.KR`), rates are `Decimal` fractions.
"""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal

from ramkalk.example import process, schools
from ramkalk.example.costs import PAY_REVISION_MONTH, PAYROLL_OVERHEAD, cost_index, cost_structure, participation
from ramkalk.example.economy import central_items, revenue_tags, revenues
from ramkalk.example.population import population
from ramkalk.example.standard_costs import standard_costs
from ramkalk.schema.inputs import (
    Activity,
    AdoptedFrame,
    BalancingRule,
    Committee,
    Decision,
    DecisionType,
    Duration,
    FocusArea,
    FrameModel,
    IndexYear,
    PlanningData,
    Settings,
    Unit,
    VolumeDefinition,
    VolumeGroup,
)

D = Decimal
BUDGET_YEAR = 2027
PLAN_YEARS = 3

# Focus areas (fokusområden) decisions may belong to.
CHILDREN = "Barn och unga"
SAFETY = "Trygghet"
CLIMATE = "Klimat och miljö"
DIGITAL = "Digitalisering"
FOCUS_AREAS = (CHILDREN, SAFETY, CLIMATE, DIGITAL)
FOCUS_AREA_TEXTS = {
    CHILDREN: "Alla barn och unga ska ha en god start i livet och klara skolan.",
    SAFETY: "Exempelstad ska vara en trygg kommun att bo och vistas i.",
    CLIMATE: "Kommunens verksamhet ska minska sin klimatpåverkan.",
    DIGITAL: "Digitala tjänster ska göra vardagen enklare för invånare och medarbetare.",
}

# Activities (verksamheter) per committee: the rows of each planning template's budget.
ACTIVITIES = {
    "KS": ("Kommunledning", "Ekonomi och upphandling", "HR och löner", "IT och digitalisering"),
    "FSN": ("Förskola", "Pedagogisk omsorg", "Öppen förskola"),
    "GSN": ("Förskoleklass", "Grundskola", "Fritidshem", "Anpassad grundskola"),
    "GYN": ("Gymnasieskola", "Anpassad gymnasieskola", "Vuxenutbildning"),
    "VÄN": ("Hemtjänst", "Särskilt boende", "Hemsjukvård", "Dagverksamhet"),
    "SON": ("Bostad med särskild service", "Daglig verksamhet", "Personlig assistans"),
    "IFO": ("Ekonomiskt bistånd", "Barn och unga", "Vuxna med missbruk", "Våld i nära relationer"),
    "KFN": ("Bibliotek", "Kulturskola", "Idrott och fritid", "Fritidsgårdar"),
    "SBN": ("Översiktlig planering", "Bygglov", "Mark och exploatering"),
    "TN": ("Gator och vägar", "Parker och grönytor", "Gatubelysning", "Lokalvård"),
    "MSN": ("Miljötillsyn", "Livsmedelskontroll"),
}

# code, name, wage share, automatic volume,
# frame 2025, one-off 2025, frame 2026, one-off 2026 (kr)
COMMITTEES = (
    ("KS", "Kommunstyrelsen", "0.55", True, 388_400_000, 6_000_000, 402_150_000, 5_000_000),
    ("FSN", "Förskolenämnden", "0.75", True, 781_200_000, 0, 798_600_000, 0),
    ("GSN", "Grundskolenämnden", "0.70", True, 1_412_300_000, 10_000_000, 1_451_800_000, 12_000_000),
    ("GYN", "Gymnasienämnden", "0.55", True, 532_700_000, 0, 551_400_000, 3_000_000),
    ("VÄN", "Vård- och äldrenämnden", "0.78", True, 1_306_500_000, 15_000_000, 1_352_900_000, 8_000_000),
    ("SON", "Sociala omsorgsnämnden", "0.80", False, 874_100_000, 0, 903_200_000, 0),
    ("IFO", "Individ- och familjeomsorgsnämnden", "0.45", False, 486_300_000, 12_000_000, 497_800_000, 10_000_000),
    ("KFN", "Kultur- och fritidsnämnden", "0.50", True, 193_600_000, 2_000_000, 199_700_000, 0),
    ("SBN", "Samhällsbyggnadsnämnden", "0.60", True, 116_200_000, 0, 119_500_000, 1_500_000),
    ("TN", "Tekniska nämnden", "0.35", True, 291_800_000, 4_000_000, 302_400_000, 0),
    ("MSN", "Miljö- och stadsbyggnadsnämnden", "0.75", True, 47_300_000, 0, 48_900_000, 0),
)

# Committees on the price-tag model, with the technical part (varav teknisk ram) of
# their 2026 frame: what is not covered by their price tags.
PRICE_TAG_COMMITTEES = {"FSN": 55_000_000, "GYN": 100_000_000}

# year, wage increase, price increase, efficiency requirement
# year, wage increase, price increase, efficiency requirement, source (fictional, SKR-like)
INDEX = (
    (2025, "0.034", "0.021", "0.010", "Utfall enligt SKR:s PKV, februari 2026"),
    (2026, "0.035", "0.020", "0.010", "SKR cirkulär 26:12, PKV april 2026; KF 2025-11-24 § 212"),
    (2027, "0.034", "0.022", "0.0075", "SKR cirkulär 26:12, PKV april 2026; KF 2026-06-15 § 86"),
    (2028, "0.035", "0.023", "0.0075", "SKR cirkulär 26:12, PKV april 2026; KF 2026-06-15 § 86"),
    (2029, "0.036", "0.022", "0.005", "SKR cirkulär 26:12, PKV april 2026; KF 2026-06-15 § 86"),
    (2030, "0.036", "0.021", "0.005", "SKR:s långtidsbedömning; KF 2026-06-15 § 86"),
)

# committee, name, age from, age to, weight, price (kr), price year, compensation,
# volume definition (preschool counts the mean of two year-ends, as in Sjöbo)
YE, MEAN = VolumeDefinition.YEAR_END, VolumeDefinition.MEAN
VOLUME_GROUPS = (
    ("FSN", "Förskola", 1, 5, "0.93", 140_000, 2026, "1", MEAN),
    ("GSN", "Förskoleklass", 6, 6, "1", 110_000, 2027, "1", YE),
    ("GSN", "Grundskola", 7, 15, "1", 114_500, 2027, "1", YE),
    ("GYN", "Gymnasieskola", 16, 18, "0.96", 140_000, 2027, "0.9", YE),
    ("VÄN", "Äldreomsorg 80–84 år", 80, 84, "1.0", 95_000, 2026, "1", YE),
    ("VÄN", "Äldreomsorg 85 år och äldre", 85, 100, "2.5", 95_000, 2026, "1", YE),
)

P, E = Duration.PERMANENT, Duration.ONE_OFF
T = DecisionType
# Decisions come from the budget 2026 with plan 2027–2028 (November 2025) and the
# preliminary frame decision for 2027–2030 (June 2026).
KF_NOV = "KF 2025-11-24"
KF_JUNE = "KF 2026-06-15"

# committee, year, amount (kr), type, duration, focus area, description
DECISIONS = (
    # Budget year 2027
    ("GSN", 2027, 12_000_000, T.INVESTMENT, P, CHILDREN, f"{KF_JUNE} § 87 Fler lärare i läsa-skriva-räkna"),
    ("GSN", 2027, 8_000_000, T.INVESTMENT, E, CHILDREN,
     f"{KF_JUNE} § 88 Läroböcker i alla ämnen, engångssatsning"),
    ("FSN", 2027, -6_000_000, T.SAVING, P, None,
     f"{KF_JUNE} § 89 Samordning av förskolornas måltidsverksamhet"),
    ("IFO", 2027, 9_000_000, T.LEGAL_REQUIREMENT, P, CHILDREN,
     f"{KF_JUNE} § 90 Ny socialtjänstlag: förebyggande och lättillgängliga insatser"),
    ("IFO", 2027, 10_000_000, T.VOLUME, E, SAFETY,
     f"{KF_JUNE} § 91 Tillfälligt fler placeringar av barn och unga"),
    ("SON", 2027, 14_000_000, T.VOLUME, P, None, f"{KF_JUNE} § 92 Två nya gruppbostäder enligt LSS"),
    ("VÄN", 2027, -8_000_000, T.SAVING, P, None, f"{KF_JUNE} § 93 Effektivare schemaläggning i hemtjänsten"),
    ("VÄN", 2027, 18_000_000, T.INTERNAL_SERVICE, P, None,
     f"{KF_NOV} § 212 Internhyra för vård- och omsorgsboendet Solbacken"),
    ("KS", 2027, 3_500_000, T.INTERNAL_SERVICE, P, DIGITAL,
     f"{KF_JUNE} § 95 Nytt ärendehanteringssystem, licenser"),
    ("KS", 2027, 3_000_000, T.INVESTMENT, E, SAFETY, f"{KF_JUNE} § 96 Trygghetsvärdar i centrum"),
    ("TN", 2027, 4_200_000, T.TECHNICAL_ADJUSTMENT, P, None,
     f"{KF_NOV} § 213 Gatubelysningen överförs från Samhällsbyggnadsnämnden"),
    ("SBN", 2027, -4_200_000, T.TECHNICAL_ADJUSTMENT, P, None,
     f"{KF_NOV} § 213 Gatubelysningen överförs till Tekniska nämnden"),
    ("KFN", 2027, 2_500_000, T.INVESTMENT, E, CHILDREN, f"{KF_JUNE} § 98 Avgiftsfria sommarlovsaktiviteter"),
    ("MSN", 2027, 1_500_000, T.INVESTMENT, E, CLIMATE, f"{KF_JUNE} § 99 Plan för klimatanpassning"),
    # Plan year 2028
    ("GSN", 2028, -15_000_000, T.SAVING, P, None,
     f"{KF_JUNE} § 100 Översyn av skolorganisationen, färre skolenheter"),
    ("GSN", 2028, 5_000_000, T.LEGAL_REQUIREMENT, P, CHILDREN,
     f"{KF_JUNE} § 101 Bemannade skolbibliotek enligt skollagen"),
    ("VÄN", 2028, 22_000_000, T.VOLUME, P, None,
     f"{KF_NOV} § 212 Solbacken, 60 nya platser i vård- och omsorgsboende"),
    ("FSN", 2028, 2_000_000, T.TECHNICAL_ADJUSTMENT, P, None,
     f"{KF_JUNE} § 103 Lokalvården överförs från Tekniska nämnden"),
    ("TN", 2028, -2_000_000, T.TECHNICAL_ADJUSTMENT, P, None,
     f"{KF_JUNE} § 103 Lokalvården överförs till Förskolenämnden"),
    ("TN", 2028, 3_000_000, T.INVESTMENT, E, CLIMATE,
     f"{KF_JUNE} § 104 Laddinfrastruktur vid kommunala arbetsplatser"),
    ("KS", 2028, 2_000_000, T.INTERNAL_SERVICE, P, DIGITAL,
     f"{KF_JUNE} § 105 Ökade licenskostnader för kontorsstöd"),
    ("IFO", 2028, 4_000_000, T.INVESTMENT, P, SAFETY,
     f"{KF_JUNE} § 106 Utökat stöd mot våld i nära relationer"),
    # Plan year 2029
    ("GYN", 2029, 3_000_000, T.INVESTMENT, P, CHILDREN, f"{KF_JUNE} § 107 Nytt vård- och omsorgsprogram"),
    ("SON", 2029, -5_000_000, T.SAVING, P, None, f"{KF_JUNE} § 108 Översyn av daglig verksamhet"),
    ("KS", 2029, 4_000_000, T.INVESTMENT, E, DIGITAL,
     f"{KF_JUNE} § 109 Införande av AI-stöd i ärendehandläggningen"),
    ("MSN", 2029, 1_200_000, T.LEGAL_REQUIREMENT, P, CLIMATE,
     f"{KF_JUNE} § 110 Utökad tillsyn av enskilda avlopp"),
    ("KFN", 2029, 1_800_000, T.INTERNAL_SERVICE, P, None, f"{KF_JUNE} § 111 Internhyra för renoverad simhall"),
    # Plan year 2030
    ("VÄN", 2030, 5_000_000, T.INVESTMENT, P, DIGITAL, f"{KF_JUNE} § 112 Välfärdsteknik i hemtjänsten"),
    ("TN", 2030, -3_000_000, T.SAVING, P, None, f"{KF_JUNE} § 113 Minskad vinterväghållning på lokalgator"),
    ("IFO", 2030, 6_000_000, T.VOLUME, E, SAFETY, f"{KF_JUNE} § 114 Tillfälligt ökat försörjningsstöd"),
    ("SBN", 2030, 2_000_000, T.INVESTMENT, E, CLIMATE, f"{KF_JUNE} § 115 Grönplan för stadskärnan"),
)


def settings(municipality: str, balancing: BalancingRule = BalancingRule.NONE, pay_revision_month: int = 1) -> Settings:
    """The settings; the price tags carry no efficiency requirement (Effektivisering av prislappar = Nej, not
    the default), as when Exempelstad's numbers were first published in the docs."""
    return Settings(municipality=municipality, budget_year=BUDGET_YEAR, plan_years=PLAN_YEARS, unit=Unit.KR,
                    balancing=balancing, pay_revision_month=pay_revision_month, price_tag_efficiency=False)


def index_rows() -> tuple[IndexYear, ...]:
    """SKR-like wage, price and efficiency rates for 2025–2030."""
    return tuple(IndexYear(year, D(wage), D(price), D(eff), source) for year, wage, price, eff, source in INDEX)


def index_rows_with_overhead() -> tuple[IndexYear, ...]:
    """The index rows with Exempelstad's PO-pålägg per year."""
    return tuple(dataclasses.replace(row, payroll_overhead=D(PAYROLL_OVERHEAD[row.year])) for row in index_rows())


def committees() -> tuple[Committee, ...]:
    return tuple(
        Committee(code, name, D(share), automatic,
                  FrameModel.PRICE_TAG if code in PRICE_TAG_COMMITTEES else FrameModel.TRADITIONAL)
        for code, name, share, automatic, *_frames in COMMITTEES
    )


def adopted_frames() -> tuple[AdoptedFrame, ...]:
    """The frames adopted for 2025 and 2026, with their one-off parts."""
    frames = []
    for code, _name, _share, _auto, frame25, once25, frame26, once26 in COMMITTEES:
        frames.append(AdoptedFrame(code, 2025, D(frame25), D(once25)))
        technical = PRICE_TAG_COMMITTEES.get(code)
        frames.append(AdoptedFrame(code, 2026, D(frame26), D(once26), None if technical is None else D(technical)))
    return tuple(frames)


def volume_group(committee: str, row: tuple) -> VolumeGroup:
    """A volume group from a VOLUME_GROUPS row, for `committee`."""
    _code, name, age_from, age_to, weight, price, price_year, compensation, definition = row
    return VolumeGroup(committee, name, age_from, age_to, D(weight), D(price), price_year, D(compensation),
                       definition)


def volume_groups() -> tuple[VolumeGroup, ...]:
    return tuple(volume_group(row[0], row) for row in VOLUME_GROUPS)


def decisions() -> tuple[Decision, ...]:
    return tuple(
        Decision(code, year, D(amount), kind, duration, focus, text)
        for code, year, amount, kind, duration, focus, text in DECISIONS
    )


def activities() -> tuple[Activity, ...]:
    return tuple(Activity(code, name) for code, names in ACTIVITIES.items() for name in names)


def focus_areas() -> tuple[FocusArea, ...]:
    return tuple(FocusArea(name, text) for name, text in FOCUS_AREA_TEXTS.items())


def exempelstad() -> PlanningData:
    """The example municipality Exempelstad, budget year 2027 with plan years 2028–2030, with
    its budget process (`ramkalk.example.process`)."""
    index = index_rows_with_overhead()
    return PlanningData(
        settings=settings("Exempelstad", BalancingRule.PRO_RATA, PAY_REVISION_MONTH),
        committees=tuple(dataclasses.replace(c, **dict(zip(("result_rule", "return_years", "result_cap"), rule)))
                         if (rule := process.RESULT_RULES.get(c.code)) else c for c in committees()),
        index=index + process.index_rows({row.year: row for row in index}),
        frames=adopted_frames(),
        population=population() + process.earlier_forecast(population()),
        volume_groups=tuple(dataclasses.replace(g, ex_post=True) if g.committee == "GSN" else g
                            for g in volume_groups()),
        decisions=decisions() + process.decisions(),
        scenarios=process.SCENARIOS,
        internal_services=process.internal_services(),
        internal_prices=process.internal_prices(BUDGET_YEAR),
        outcomes=process.outcomes(),
        activities=activities(),
        focus_areas=focus_areas(),
        revenues=revenues(),
        central_items=central_items(),
        revenue_tags=revenue_tags(),
        cost_structure=cost_structure(),
        cost_index=cost_index(),
        participation=participation(),
        standard_costs=standard_costs(),
        **schools.allocation_tables(population(), BUDGET_YEAR),
    )


# Decision templates for the synthetic municipality: type, duration, Swedish text.
SYNTHETIC_DECISIONS = (
    (T.INVESTMENT, P, "Utökad verksamhet"),
    (T.SAVING, P, "Effektivisering av administrationen"),
    (T.VOLUME, P, "Fler brukare"),
    (T.LEGAL_REQUIREMENT, P, "Nya krav i lagstiftningen"),
    (T.TECHNICAL_ADJUSTMENT, P, "Överföring av verksamhet"),
    (T.INTERNAL_SERVICE, P, "Ökad internhyra"),
    (T.INVESTMENT, E, "Tillfälligt projekt"),
)


def synthetic_committee(number: int, width: int, rng: random.Random) -> Committee:
    return Committee(
        f"N{number:0{width}d}",
        f"Nämnd {number:0{width}d}",
        D(rng.randrange(35, 81)) / 100,
        automatic_volume=rng.random() < 0.8,
    )


def synthetic_decisions(code: str, rng: random.Random) -> list[Decision]:
    """Two to five decisions in the budget and plan years; savings negative."""
    result = []
    for number in range(rng.randint(2, 5)):
        kind, duration, text = rng.choice(SYNTHETIC_DECISIONS)
        amount = D(rng.randrange(1, 40) * 250_000)
        if kind is T.SAVING:
            amount = -amount
        year = BUDGET_YEAR + rng.randrange(PLAN_YEARS + 1)
        focus = rng.choice(FOCUS_AREAS + (None,))
        result.append(Decision(code, year, amount, kind, duration, focus, f"KF 2026-06-15 § {number + 1} {text}"))
    return result


def synthetic(committees: int = 60) -> PlanningData:
    """A made-up municipality with `committees` committees (N01, N02, ...) for benchmarks.

    Same population and index as Exempelstad; each committee has an adopted frame for
    the year before the budget year, 0–3 of Exempelstad's volume groups and a few
    decisions. Seeded, so every call returns equal data.
    """
    rng = random.Random(20270101)
    width = max(2, len(str(committees)))
    members, frames, groups, decided = [], [], [], []
    for number in range(1, committees + 1):
        committee = synthetic_committee(number, width, rng)
        members.append(committee)
        frame = D(rng.randrange(100, 1500) * 1_000_000)
        one_off = D(rng.choice((0, 0, 1, 2, 5)) * 1_000_000)
        frames.append(AdoptedFrame(committee.code, BUDGET_YEAR - 1, frame, one_off))
        count = rng.randint(0, 3) if committee.automatic_volume else 0
        groups.extend(volume_group(committee.code, row) for row in rng.sample(VOLUME_GROUPS, count))
        decided.extend(synthetic_decisions(committee.code, rng))
    return PlanningData(
        settings=settings("Syntetstad"),
        committees=tuple(members),
        index=index_rows(),
        frames=tuple(frames),
        population=population(),
        volume_groups=tuple(groups),
        decisions=tuple(decided),
    )
