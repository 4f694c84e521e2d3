"""Storstad: a large-city benchmark municipality, generated deterministically in code.

Built from the same records as Exempelstad (`ramkalk.example.municipality`) and reusing its
index, cost structure, internal prices and population model, but the size of a city of about
600 000 inhabitants. At scale 1:

- 60 committees: per district area (Norr, Söder, … ten areas) a district committee
  (stadsdelsnämnd: preschool and elderly care, with volume groups named by the area; every
  other one on the price-tag model), a social committee (volume only by decision) and a
  culture and leisure committee; and 30 city-wide committees (KS, Grundskolenämnden …);
- 20 volume groups, two per district, each the district's share of the city's population
  (the weight is the share × participation or need), the preschool groups corrected ex post;
- budget year 2027 and 5 plan years (2027–2032); SKR-like index with PO-pålägg and wages
  revised in April, indexation by cost type for every committee;
- 3 000 decisions, of which 500 belong to the process versions Augusti, Oktober and November
  (replacing a June decision by its description, or new), and rows of Index, Intäkter,
  Centrala poster and Volymgrupper in later versions; a scenario "Högre löner";
- revenues, central items and revenue tags; the frames exceed the room by about 1 % a year,
  closed by a balancing requirement pro rata;
  internal services (IT, Lokaler, Måltider), outcomes of 2025 with result rules.

`large_city(scale)` multiplies the work: committees, volume groups, decisions, versioned rows
and the population (so each district keeps its size) are `scale` times as many or as large;
the city-wide committees of scale 2 and more are numbered ("Trafiknämnden 2"). Seeded
`random.Random`, so every call with the same scale returns equal data. Amounts whole kronor.
"""

from __future__ import annotations

import random
from decimal import Decimal
from functools import lru_cache

from ramkalk.example import costs, economy, process
from ramkalk.example import population as cohorts
from ramkalk.example.municipality import FOCUS_AREA_TEXTS, FOCUS_AREAS, INDEX, SYNTHETIC_DECISIONS
from ramkalk.schema.inputs import (
    Activity,
    AdoptedFrame,
    BalancingRule,
    CentralItem,
    Committee,
    Compensation,
    CostShare,
    CostTypeRate,
    Decision,
    DecisionType,
    Duration,
    FocusArea,
    FrameModel,
    IndexYear,
    InternalPrice,
    InternalService,
    Outcome,
    PlanningData,
    PopulationCount,
    PopulationKind,
    ResultRule,
    Revenue,
    RevenueTag,
    Settings,
    Unit,
    VolumeDefinition,
    VolumeGroup,
)

D = Decimal
BUDGET_YEAR = 2027
PLAN_YEARS = 5
YEARS = tuple(range(BUDGET_YEAR, BUDGET_YEAR + PLAN_YEARS + 1))
LAST_YEAR = YEARS[-1]
SEED = 20270615
PEOPLE = 6  # Exempelstad's population times this (times the scale): about 600 000 inhabitants
DECISIONS = 3000
VERSIONED_DECISIONS = {"Augusti": 200, "Oktober": 200, "November": 100}  # of DECISIONS, per scale unit
PROCESS_DATES = {None: "KF 2026-06-15", "Augusti": "KS 2026-08-24", "Oktober": "KS 2026-10-12",
                 "November": "KF 2026-11-23"}

AREAS = ("Norr", "Söder", "Öster", "Väster", "Centrum", "Hamnen", "Nordost", "Sydväst", "Älvstaden",
         "Skärgården")
# code, name, wage share, frame 2026 (mnkr), activities
CITY_WIDE = (
    ("KS", "Kommunstyrelsen", "0.55", 900, ("Kommunledning", "Ekonomi", "HR", "Kommunikation")),
    ("GRU", "Grundskolenämnden", "0.70", 8000, ("Förskoleklass", "Grundskola", "Fritidshem")),
    ("UBN", "Utbildningsnämnden", "0.58", 3000, ("Gymnasieskola", "Anpassad gymnasieskola")),
    ("AVN", "Nämnden för arbetsmarknad och vuxenutbildning", "0.50", 900, ("Vuxenutbildning", "Arbetsmarknad")),
    ("FUN", "Nämnden för funktionsstöd", "0.78", 3500, ("Bostad med särskild service", "Daglig verksamhet")),
    ("ÄON", "Äldre samt vård- och omsorgsnämnden", "0.76", 2500, ("Vård- och omsorgsboende", "Hemsjukvård")),
    ("KUN", "Kulturnämnden", "0.45", 700, ("Bibliotek", "Museer", "Kulturstöd")),
    ("IFN", "Idrotts- och föreningsnämnden", "0.40", 600, ("Idrottsanläggningar", "Föreningsbidrag")),
    ("BYN", "Byggnadsnämnden", "0.70", 200, ("Bygglov", "Detaljplaner")),
    ("TRN", "Trafiknämnden", "0.25", 1400, ("Gator och vägar", "Kollektivtrafik", "Trafiksäkerhet")),
    ("MKN", "Miljö- och klimatnämnden", "0.75", 150, ("Miljötillsyn", "Livsmedelskontroll")),
    ("FAS", "Fastighetsnämnden", "0.30", 300, ("Markförvaltning", "Bostadsförsörjning")),
    ("PNN", "Park- och naturnämnden", "0.40", 500, ("Parker", "Naturvård")),
    ("KVN", "Kretslopp- och vattennämnden", "0.35", 250, ("Avfall", "Vatten och avlopp")),
    ("SRN", "Servicenämnden", "0.50", 400, ("Fordon", "Lokalvård", "Måltider")),
    ("IUN", "Nämnden för inköp och upphandling", "0.80", 80, ("Upphandling", "Avtalsuppföljning")),
    ("ICN", "Nämnden för intraservice", "0.60", 300, ("IT-drift", "Lönecenter")),
    ("ARN", "Arkivnämnden", "0.75", 50, ("Stadsarkiv",)),
    ("REV", "Revisorskollegiet", "0.80", 40, ("Revision",)),
    ("VAL", "Valnämnden", "0.60", 30, ("Allmänna val",)),
    ("ÖFN", "Överförmyndarnämnden", "0.75", 60, ("Ställföreträdarskap",)),
    ("LON", "Lokalnämnden", "0.20", 250, ("Skollokaler", "Omsorgslokaler")),
    ("DMN", "Nämnden för demokrati och medborgarservice", "0.70", 180, ("Kontaktcenter", "Medborgarkontor")),
    ("EXN", "Exploateringsnämnden", "0.55", 120, ("Exploatering", "Markanvisning")),
    ("KMN", "Nämnden för konsument- och medborgarservice", "0.75", 90, ("Konsumentvägledning", "Budgetrådgivning")),
    ("ASN", "Nämnden för anpassad skola", "0.75", 700, ("Anpassad grundskola", "Korttidsfritids")),
    ("RSN", "Räddningstjänstnämnden", "0.70", 400, ("Räddningstjänst", "Förebyggande")),
    ("BON", "Nämnden för bostadsförsörjning", "0.55", 100, ("Bostadssociala insatser",)),
    ("DIG", "Nämnden för digitalisering", "0.60", 200, ("Digital utveckling", "Informationssäkerhet")),
    ("EVN", "Nämnden för turism och evenemang", "0.40", 150, ("Evenemang", "Besöksnäring")),
)
# per district area: code prefix, name, wage share, frame 2026 (mnkr; districts: from their volume), activities
PER_AREA = (
    ("SDN", "Stadsdelsnämnden", "0.74", None, ("Förskola", "Hemtjänst", "Äldreboende", "Områdesarbete")),
    ("SON", "Socialnämnden", "0.55", 600, ("Ekonomiskt bistånd", "Barn och unga", "Vuxna")),
    ("KFN", "Kultur- och fritidsnämnden", "0.50", 120, ("Fritidsgårdar", "Bibliotek", "Kulturskola")),
)
# group, age from, age to, need per person in the district's share, price 2026 (kr), definition, ex post
DISTRICT_GROUPS = (
    ("Förskola", 1, 5, D("0.93"), 140_000, VolumeDefinition.MEAN, True),
    ("Äldreomsorg", 80, 100, D("1.6"), 95_000, VolumeDefinition.YEAR_END, False),
)
# The forecast made in 2023 of 2024 and 2025: too many preschool children (ages 1–5) by this factor.
FORECAST_MADE = 2023
EARLIER_FORECAST = {2024: D("1.004"), 2025: D("1.008")}
EXTRA_BIRTHS = {2031: 1180, 2032: 1188}
EXTRA_INDEX = ((2031, "0.035", "0.021", "0.005", "SKR:s långtidsbedömning"),
               (2032, "0.035", "0.021", "0.005", "SKR:s långtidsbedömning"))
EXTRA_COST_RATES = ("0.026", "0.025", "0.020")  # 2031–2032, SKR:s långtidsbedömning (as 2030)


def _width(count: int) -> int:
    return max(2, len(str(count)))


@lru_cache(maxsize=8)
def city_population(factor: int) -> tuple[PopulationCount, ...]:
    """Exempelstad's cohort model run to LAST_YEAR with `factor` times the people: outcomes
    2023–2025, a forecast 2026–LAST_YEAR, and the forecast of 2024 and 2025 made in 2023 (a little
    too many preschool children, so the preschool groups' ex-post correction takes money back)."""
    births = {**cohorts.BIRTHS, **EXTRA_BIRTHS}
    stock = cohorts.first_stock()
    stock = stock[:cohorts.TOP_AGE] + [sum(stock[cohorts.TOP_AGE:], D(0))]
    rows: list[PopulationCount] = []
    for year in range(cohorts.FIRST_YEAR, LAST_YEAR + 1):
        if year > cohorts.FIRST_YEAR:
            stock = cohorts.next_year(stock, births[year])
        kind = PopulationKind.OUTCOME if year <= cohorts.LAST_OUTCOME_YEAR else PopulationKind.FORECAST
        counts = cohorts.by_age([count * factor for count in stock])
        rows.extend(PopulationCount(year, age, count, kind) for age, count in enumerate(counts))
        if year in EARLIER_FORECAST:  # (the preschool groups count the mean of two year-ends: both needed)
            error = EARLIER_FORECAST[year]
            rows.extend(PopulationCount(year, age, (count * (error if 1 <= age <= 5 else 1)).quantize(D(1)),
                                        PopulationKind.FORECAST, FORECAST_MADE) for age, count in enumerate(counts))
    return tuple(rows)


def _known(rows: tuple[PopulationCount, ...]) -> dict[int, dict[int, Decimal]]:
    """The population as now known: year → age → count (outcomes, then the current forecast)."""
    known: dict[int, dict[int, Decimal]] = {}
    for row in rows:
        if row.forecast_year is None:
            known.setdefault(row.year, {})[row.age] = row.count
    return known


def _volume(known: dict[int, dict[int, Decimal]], low: int, high: int, year: int,
            definition: VolumeDefinition) -> Decimal:
    """Persons aged low..high in `year` (the mean of two year-ends for Medel), before the weight."""
    persons = sum((known[year][age] for age in range(low, high + 1)), D(0))
    if definition is VolumeDefinition.MEAN:
        persons = (persons + sum((known[year - 1][age] for age in range(low, high + 1)), D(0))) / 2
    return persons


class _City:
    """The generator's state: one seeded random stream and the rows made so far."""

    def __init__(self, scale: int) -> None:
        self.scale, self.rng = scale, random.Random(SEED)
        self.people = city_population(PEOPLE * scale)
        self.known = _known(self.people)
        self.committees: list[Committee] = []
        self.frames: dict[str, Decimal] = {}  # frame 2026 by committee
        self.rows: dict[str, list] = {key: [] for key in ("frames", "groups", "activities", "services", "outcomes",
                                                           "costs")}

    def kr(self, amount: float | Decimal, step: int = 100_000) -> Decimal:
        return D(round(float(amount) / step) * step)

    def add(self, committee: Committee, frame: Decimal, activities: tuple[str, ...],
            technical: Decimal | None = None) -> None:
        rng, code = self.rng, committee.code
        profile = rng.choice(tuple(costs.COST_STRUCTURE.values()))
        rule = rng.choice((ResultRule.RETURN, ResultRule.KEEP, ResultRule.WRITE_OFF))
        committee = Committee(committee.code, committee.name, committee.wage_share, committee.automatic_volume,
                              committee.model, None, rule, rng.randint(1, 3) if rule is ResultRule.RETURN else 1,
                              self.kr(frame * D("0.01")) if rule is ResultRule.KEEP else None)
        self.committees.append(committee)
        self.frames[code] = frame
        one_off = self.kr(frame * D(rng.choice((0, 0, 2, 5))) / 1000)
        frame25 = self.kr(frame / D("1.038"))
        self.rows["frames"] += [AdoptedFrame(code, 2025, frame25, self.kr(frame25 * D(rng.choice((0, 3))) / 1000)),
                                AdoptedFrame(code, 2026, frame, one_off, technical)]
        self.rows["outcomes"].append(Outcome(code, 2025, self.kr(frame25 * D(1 + rng.uniform(-0.012, 0.012)))))
        self.rows["activities"] += [Activity(code, name) for name in activities]
        self.rows["costs"] += [CostShare(code, kind, D(share)) for kind, share in zip(costs.COST_TYPES, profile)]
        services = [("IT", rng.uniform(0.01, 0.03))]
        if rng.random() < 0.7:
            services.append(("Lokaler", rng.uniform(0.05, 0.15)))
        if code.startswith("SDN"):
            services.append(("Måltider", 0.04))
        self.rows["services"] += [InternalService(code, name, self.kr(frame * D(share)),
                                                  rng.choice(tuple(Compensation))) for name, share in services]

    def district(self, code: str, area: str, share: Decimal, model: FrameModel) -> None:
        groups, tags = [], D(0)
        for name, low, high, need, price, definition, ex_post in DISTRICT_GROUPS:
            weight = (share * need).quantize(D("0.0001"))
            groups.append(VolumeGroup(code, f"{name} {area}", low, high, weight, D(price), 2026, D(1), definition,
                                      ex_post))
            tags += weight * _volume(self.known, low, high, 2026, definition) * price
        technical = self.kr(tags * D(self.rng.uniform(0.35, 0.6)))
        self.rows["groups"] += groups
        name, wage = PER_AREA[0][1], PER_AREA[0][2]
        self.add(Committee(code, f"{name} {area}", D(wage), True, model), self.kr(tags) + technical, PER_AREA[0][4],
                 technical if model is FrameModel.PRICE_TAG else None)


def _areas(scale: int) -> list[str]:
    return [area if round_ == 0 else f"{area} {round_ + 1}" for round_ in range(scale) for area in AREAS]


def _committees(city: _City) -> None:
    rng, areas = city.rng, _areas(city.scale)
    width = _width(len(areas))
    shares = [D(rng.uniform(0.7, 1.3)) for _ in areas]
    total = sum(shares)
    for number, (area, share) in enumerate(zip(areas, shares), start=1):
        model = FrameModel.PRICE_TAG if number % 2 else FrameModel.TRADITIONAL
        city.district(f"SDN{number:0{width}d}", area, share / total, model)
        for prefix, name, wage, size, activities in PER_AREA[1:]:
            automatic = prefix != "SON"  # social services get volume by decision only
            city.add(Committee(f"{prefix}{number:0{width}d}", f"{name} {area}", D(wage), automatic),
                     city.kr(size * 1_000_000 * rng.uniform(0.8, 1.2)), activities)
    for round_ in range(city.scale):
        for code, name, wage, size, activities in CITY_WIDE:
            suffix = "" if round_ == 0 else f"{round_ + 1}"
            city.add(Committee(code + suffix, f"{name} {suffix}".strip(), D(wage)),
                     city.kr(size * 1_000_000 * rng.uniform(0.9, 1.1)), activities)


def _decision(city: _City, number: int, version: str | None, committee: Committee | None = None,
              year: int | None = None, text: str | None = None) -> Decision:
    """A decision of `committee` (random if None) of about 0,05–0,4 % of its frame; savings negative."""
    rng = city.rng
    committee = committee or rng.choice(city.committees)
    kind, duration, default = rng.choice(SYNTHETIC_DECISIONS)
    if not committee.automatic_volume and rng.random() < 0.3:
        kind, duration, default = DecisionType.VOLUME, Duration.PERMANENT, "Fler placeringar"
    amount = city.kr(city.frames[committee.code] * D(rng.uniform(0.0005, 0.004)), 10_000)
    year = year or rng.choice(YEARS)
    description = text or f"{PROCESS_DATES[version]} § {number} {default}"
    return Decision(committee.code, year, -amount if kind is DecisionType.SAVING else amount, kind, duration,
                    rng.choice(FOCUS_AREAS + (None,)), description, version)


def _decisions(city: _City) -> list[Decision]:
    """DECISIONS × scale decisions: the June ones without a version, then each later version's,
    half of them replacing a June decision (same committee, year and description, a new amount)."""
    versioned = {version: count * city.scale for version, count in VERSIONED_DECISIONS.items()}
    june = [_decision(city, number, None) for number in range(1, DECISIONS * city.scale - sum(versioned.values()) + 1)]
    result, number = list(june), len(june)
    for version, count in versioned.items():
        for replaced in city.rng.sample(june, count // 2):
            committee = next(c for c in city.committees if c.code == replaced.committee)
            result.append(_decision(city, 0, version, committee, replaced.year, replaced.description))
        for _ in range(count - count // 2):
            number += 1
            result.append(_decision(city, number, version))
    return result


def _index() -> tuple[IndexYear, ...]:
    overhead = {**costs.PAYROLL_OVERHEAD, 2031: "0.4015", 2032: "0.4015"}
    rows = tuple(IndexYear(year, D(wage), D(price), D(eff), source, D(overhead[year]))
                 for year, wage, price, eff, source in INDEX + EXTRA_INDEX)
    by_year = {row.year: row for row in rows}
    return rows + process.index_rows(by_year)  # SKR's October rates (Oktober) and the scenario's wages


def _economy(city: _City) -> tuple[list[Revenue], list[CentralItem], list[RevenueTag]]:
    """Revenues a little short of the frames every year (a balancing requirement pro rata of
    about 1 %), central items of about 5 % of the frames, revenue tags 2027–LAST_YEAR."""
    total = sum(city.frames.values())
    revenues, central = [], []
    for year in YEARS:
        trend = total * D("1.031") ** (year - 2026)
        items = (("Pensionskostnader", trend * D("0.04")), ("Kommungemensamma kostnader", trend * D("0.01")))
        central += [CentralItem(year, name, city.kr(amount)) for name, amount in items]
        room = trend * (D("1.004") - D("0.004") * (year - BUDGET_YEAR))
        income = (room + trend * D("0.05") + trend * D("0.006")) / D("0.98")  # room = 0,98 × income + net − central
        revenues.append(Revenue(year, city.kr(income * D("0.73")), city.kr(income * D("0.27")),
                                city.kr(-trend * D("0.006")), D("0.02")))
    revenues.append(Revenue(2027, city.kr(revenues[0].taxes * D("0.997")), revenues[0].grants,
                            revenues[0].financial_net, D("0.02"), "Oktober"))  # SKR's October tax forecast
    central.append(CentralItem(2027, "Pensionskostnader", city.kr(central[0].amount * D("1.02")), "November"))
    tags = [RevenueTag(year, name, low, high, D(round(amount * 1.025 ** (year - 2027))))
            for year in YEARS for name, low, high, amount in economy.REVENUE_TAGS_2027]
    return revenues, central, tags


def large_city(scale: int = 1) -> PlanningData:
    """Storstad at `scale` (1: 60 committees, 20 volume groups, 3 000 decisions); see the module docstring."""
    if scale < 1:
        raise ValueError(f"scale must be a whole number 1 or more, got {scale}")
    city = _City(scale)
    _committees(city)
    decisions = _decisions(city)
    revenues, central, tags = _economy(city)
    groups = city.rows["groups"]
    augusti = [VolumeGroup(g.committee, g.name, g.age_from, g.age_to, g.weight, city.kr(g.price * D("1.02"), 100),
                           g.price_year, g.compensation, g.volume_definition, g.ex_post, "Augusti")
               for g in groups if g.name.startswith("Äldreomsorg")]  # the districts' new elderly-care price
    cost_rates = {**costs.COST_RATES,
                  **{year: (EXTRA_COST_RATES, "SKR:s långtidsbedömning") for year in (2031, 2032)}}
    return PlanningData(
        settings=Settings("Storstad", BUDGET_YEAR, PLAN_YEARS, Unit.KR, balancing=BalancingRule.PRO_RATA,
                          pay_revision_month=costs.PAY_REVISION_MONTH),
        committees=tuple(city.committees),
        index=_index(),
        frames=tuple(city.rows["frames"]),
        population=city.people,
        volume_groups=tuple(groups + augusti),
        decisions=tuple(decisions),
        activities=tuple(city.rows["activities"]),
        focus_areas=tuple(FocusArea(name, text) for name, text in FOCUS_AREA_TEXTS.items()),
        revenues=tuple(revenues),
        central_items=tuple(central),
        revenue_tags=tuple(tags),
        cost_structure=tuple(city.rows["costs"]),
        cost_index=tuple(CostTypeRate(year, kind, D(rate), source) for year, (rates, source) in cost_rates.items()
                         for kind, rate in zip(costs.COST_TYPES, rates)),
        scenarios=process.SCENARIOS,
        internal_services=tuple(city.rows["services"]),
        internal_prices=tuple(InternalPrice(service, year, D(rates[min(i, len(rates) - 1)]), source)
                              for service, rates, source in process.INTERNAL_PRICES
                              for i, year in enumerate(YEARS)),
        outcomes=tuple(city.rows["outcomes"]),
    )
