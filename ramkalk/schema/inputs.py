"""The planning workbook (planeringsarbetsbok) as immutable records.

One record type per table of the workbook format (`ramkalk.schema.tables`). Amounts
are `Decimal` kronor whatever unit the workbook uses (the reader converts tkr);
rates and shares are `Decimal` fractions (3,3 % is Decimal("0.033")). Each record keeps
`origin`, the row it was read from, so every message and explanation line can point
to its cell; records built in code (the example municipality, tests) have `origin=None`.
Records of tables whose rows may belong to a version have `version` (Version): the process
version or scenario the row belongs to, None for every version (`ramkalk.schema.versions`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from ramkalk.core.problems import RowOrigin, Source


class Unit(enum.Enum):
    """The unit of the amounts in a workbook (`Inställningar`: Belopp i)."""

    KR = "kr"
    TKR = "tkr"

    @property
    def factor(self) -> Decimal:
        """Kronor per unit."""
        return Decimal(1) if self is Unit.KR else Decimal(1000)


class DecisionType(enum.Enum):
    """The type of a decided change (Beslut: Typ). Values are the Swedish names."""

    INVESTMENT = "Satsning"
    SAVING = "Besparing"
    VOLUME = "Volym"
    LEGAL_REQUIREMENT = "Lagkrav"
    TECHNICAL_ADJUSTMENT = "Teknisk justering"
    INTERNAL_SERVICE = "Intern tjänst"


class Duration(enum.Enum):
    """Whether a decision stays in the frame (Permanent) or counts one year only (Engångs)."""

    PERMANENT = "Permanent"
    ONE_OFF = "Engångs"


class WageBasis(enum.Enum):
    """What a year's wage increase is (Index: Löneökning avser).

    REVISION: the rate of the pay revision from its month; the carry-over into the next year is
    computed. FULL_YEAR: the year's cost increase as a whole (Österåker: "2 % helår motsvarar
    2,6 % löneökning från april"); no carry-over in or out.
    """

    REVISION = "Revision"
    FULL_YEAR = "Helår"


class FrameModel(enum.Enum):
    """How a committee's frame is computed (Nämnder: Modell)."""

    TRADITIONAL = "Traditionell"
    PRICE_TAG = "Prislapp"


class VolumeDefinition(enum.Enum):
    """Which population a volume group counts (Volymgrupper: Volymdefinition).

    YEAR_END: the population on 31 December of the year.
    MEAN: the mean of 31 December of the year before and of the year.
    """

    YEAR_END = "Årsskifte"
    MEAN = "Medel"


class EfficiencyBase(enum.Enum):
    """What the efficiency requirement is a share of (Inställningar: Effektiviseringsbas)."""

    BASE = "Bas"
    BASE_AFTER_INDEXATION = "Bas efter uppräkning"


class BalancingRule(enum.Enum):
    """How a gap between the frames and the room is closed (Inställningar: Balanseringskrav).

    NONE: not closed, only shown. PRO_RATA: in proportion to each committee's frame.
    SHARES: by each committee's fixed share (Nämnder: Balansandel).
    """

    NONE = "Nej"
    PRO_RATA = "Proportionellt"
    SHARES = "Fasta andelar"


class PopulationKind(enum.Enum):
    """Whether a population figure is an outcome (Utfall) or a forecast (Prognos)."""

    OUTCOME = "Utfall"
    FORECAST = "Prognos"


class ResultRule(enum.Enum):
    """What happens to a committee's surplus or deficit (Nämnder: Resultatregel).

    RETURN: returned to (surplus) or recovered from (deficit) later frames, spread over
    `return_years`. KEEP: kept as an accumulated result (up to a cap); no frame effect.
    WRITE_OFF: written off; no frame effect.
    """

    RETURN = "Återförs"
    KEEP = "Balanseras"
    WRITE_OFF = "Avskrivs"


class Compensation(enum.Enum):
    """How much of an internal price rise a committee is compensated for (Interna tjänster: Kompensation).

    FULL: the whole rise. INDEX: the general price increase only (what the indexation gives).
    NONE: nothing (the indexation of the service's cost is taken back).
    """

    FULL = "Full"
    INDEX = "Index"
    NONE = "Ingen"


class Located:
    """A record read from a row of a sheet: `source(field)` is the cell a field came from.

    Records built in code have `origin=None` and no cell.
    """

    origin: RowOrigin | None

    def source(self, field_name: str) -> Source | None:
        return self.origin.cell(field_name) if self.origin is not None else None


@dataclass(frozen=True)
class Settings:
    """The `Inställningar` sheet.

    municipality: the municipality's name (Kommun).
    budget_year: the year the frames are computed for (Budgetår).
    plan_years: how many plan years follow the budget year (Antal planår, default 3).
    unit: the unit amounts are given in in the workbook (Belopp i).
    efficiency_base: what the efficiency requirement applies to (Effektiviseringsbas).
    balancing: whether and how frames above the room are balanced (Balanseringskrav).
    pay_revision_month: the month wages rise (Lönerevision); from April (4), 9/12 of a
    year's increase counts that year and 3/12 the next (the carry-over). 1 = the whole year.
    The plausibility thresholds (`ramkalk.calculation.plausibility`, the settings "Varning …"): warn_frame_change,
    the largest change of a frame from one year to the next as a fraction (0.25); warn_population_factor,
    how many times more or fewer persons of one age than its neighbour ages and than the year
    before is implausible (2); warn_population_difference, the least difference in persons that is
    (50); warn_rate_low and warn_rate_high, the band of a plausible wage or price increase
    (−0.02, 0.10); warn_efficiency_high, the highest plausible efficiency requirement (0.05);
    warn_price_change, the largest change of a price tag between versions or from its price year
    to the budget year (0.25).
    price_tag_efficiency: whether the efficiency requirement applies to the price tags in the
    price-tag model (Effektivisering av prislappar, default Ja), so that the arv does not drift:
    each year after its price year a price tag is indexed by the committee's index less its
    requirement (`ramkalk.rules.lookups.Lookups.tag_price`).
    sources: setting field name -> the cell it was read from.
    """

    municipality: str
    budget_year: int
    plan_years: int = 3
    unit: Unit = Unit.KR
    efficiency_base: EfficiencyBase = EfficiencyBase.BASE
    balancing: BalancingRule = BalancingRule.NONE
    pay_revision_month: int = 1
    warn_frame_change: Decimal = Decimal("0.25")
    warn_population_factor: Decimal = Decimal(2)
    warn_population_difference: Decimal = Decimal(50)
    warn_rate_low: Decimal = Decimal("-0.02")
    warn_rate_high: Decimal = Decimal("0.10")
    warn_efficiency_high: Decimal = Decimal("0.05")
    warn_price_change: Decimal = Decimal("0.25")
    price_tag_efficiency: bool = True
    sources: tuple[tuple[str, Source], ...] = field(default=(), compare=False)

    @property
    def years(self) -> tuple[int, ...]:
        """The budget year and every plan year, in order."""
        return tuple(range(self.budget_year, self.budget_year + self.plan_years + 1))

    def source(self, field_name: str) -> Source | None:
        return dict(self.sources).get(field_name)


@dataclass(frozen=True)
class Committee(Located):
    """A committee (nämnd), from `Nämnder`.

    code: short code used in every other table, e.g. "GSN".
    name: full name.
    wage_share: the share of the committee's costs that are wages (personalkostnadsandel), 0–1.
    automatic_volume: whether the committee gets volume compensation by its volume groups.
    model: how its frame is computed (the other model is computed beside it for comparison).
    balance_share: its fixed share of a balancing requirement (Balansandel), 0–1, if the
    municipality distributes by fixed shares.
    result_rule: what happens to a year's surplus or deficit (Resultatregel, `Utfall`).
    return_years: over how many years a returned result is spread (Återföringsår), ≥ 1.
    result_cap: the highest accumulated surplus kept under KEEP (Resultattak), kr; None: no cap.
    """

    code: str
    name: str
    wage_share: Decimal
    automatic_volume: bool = True
    model: FrameModel = FrameModel.TRADITIONAL
    balance_share: Decimal | None = None
    result_rule: ResultRule = ResultRule.WRITE_OFF
    return_years: int = 1
    result_cap: Decimal | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class IndexYear(Located):
    """The rates for one year, from `Index`; fractions, 3,3 % is 0.033.

    wage_increase: löneökning for the year. price_increase: increase of other costs.
    efficiency: the general efficiency requirement (effektiviseringskrav), positive.
    payroll_overhead: the payroll overhead rate (PO-pålägg) on wages that year, e.g. 0.3915;
    None if not used. A change between years changes personnel costs.
    reference: where the rates come from (Källa), e.g. "SKR cirkulär 26:41, PKV oktober".
    revision_month: the month the year's wages are revised (Revisionsmånad); None: the setting
    Lönerevision (månad). wage_basis: whether wage_increase is the rate of that revision (its
    carry-over computed; also None) or the year's cost increase as a whole (Helår, no carry-over).
    """

    year: int
    wage_increase: Decimal
    price_increase: Decimal
    efficiency: Decimal
    reference: str = ""
    payroll_overhead: Decimal | None = None
    version: str | None = None
    revision_month: int | None = None
    wage_basis: WageBasis | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CommitteeRates(Located):
    """A committee's own rates for one year, from the optional sheet `Nämndsatser` (Lund: the
    council is exempt from the yearly efficiency requirement, the audit committee has 1,99 %).

    efficiency: the committee's own efficiency requirement (a fraction, positive); 0 exempts it;
    None: the year's general requirement (Index). wages, prices: whether the indexation raises
    its personnel costs (wages, carry-over, PO-pålägg) and its other costs (prices, cost types)
    that year; False exempts it from that part of its index, for the base and the price tags alike.
    reference: the decision behind it (Källa), e.g. "KF 2026-06-15 § 80".
    """

    committee: str
    year: int
    efficiency: Decimal | None = None
    wages: bool = True
    prices: bool = True
    reference: str = ""
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


class PartIndexation(enum.Enum):
    """How a part of a frame is indexed (Ramdelar: Uppräkning)."""

    NONE = "Ingen"
    WAGES = "Lön"
    PRICES = "Pris"
    COMMITTEE = "Nämndens index"
    COST_TYPE = "Kostnadsslag"


@dataclass(frozen=True)
class FramePart(Located):
    """A part of a committee's frame with rules of its own, from the optional sheet `Ramdelar`
    (capital costs, politicians' fees, grants passed on ...).

    amount: the part's amount in the adopted frame of the year before the budget year, kr; it is
    taken out of the base and carried on by its own rules. indexation: how it is indexed each year:
    not at all, by the wage part of the index, by the price increase (Index), by the committee's
    index, or by the cost type `cost_type` (Kostnadsindex). efficiency: whether the efficiency
    requirement applies to it.
    """

    committee: str
    name: str
    amount: Decimal
    indexation: PartIndexation
    efficiency: bool
    cost_type: str = ""
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class AdoptedFrame(Located):
    """An adopted frame of a past year, from `Ramar`.

    frame: the committee's net cost frame for the year, kr.
    one_off: the part of it that was one-off (varav engångs), kr; leaves next year's base.
    technical: the part of it outside the price tags (varav teknisk ram), kr, one-offs
    included; where the price-tag model starts from. None if not given.
    """

    committee: str
    year: int
    frame: Decimal
    one_off: Decimal = Decimal(0)
    technical: Decimal | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PopulationCount(Located):
    """Population of one single-year age on 31 December of `year`, from `Befolkning`.

    The highest age in a year's rows means "that age and older". forecast_year: the year a
    forecast was made (Prognosår), so forecasts of different years can stand side by side;
    None for an outcome and for "the current forecast".
    """

    year: int
    age: int
    count: Decimal
    kind: PopulationKind = PopulationKind.FORECAST
    forecast_year: int | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class VolumeGroup(Located):
    """A volume group of a committee, from `Volymgrupper`.

    Volume of a year = weight × population aged age_from..age_to (inclusive).
    price: kr per volume unit (prislapp), stated for `price_year` and indexed forward
    by the committee's blended index. compensation: the share of the volume change
    that is compensated (kompensationsgrad), 0–1. volume_definition: whether a year's
    population is that of 31 December or the mean of two year-ends. ex_post: whether a
    forecast error is corrected afterwards (Efterhandsjustering, `ramkalk.rules.ex_post`).
    """

    committee: str
    name: str
    age_from: int
    age_to: int
    weight: Decimal
    price: Decimal
    price_year: int
    compensation: Decimal = Decimal(1)
    volume_definition: VolumeDefinition = VolumeDefinition.YEAR_END
    ex_post: bool = False
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


class Driver(enum.Enum):
    """What a volume driver counts (Volymdrivare: Drivare): the whole population (Befolkning, all
    ages), or a measure of the municipality's own on the sheet Volymmått (inhabitants of an area,
    pupils, road km ...)."""

    POPULATION = "Befolkning"
    MEASURE = "Eget mått"


@dataclass(frozen=True)
class VolumeDriver(Located):
    """Volume compensation of a committee by another driver than age groups, from the optional sheet
    `Volymdrivare`: each year (M(t) − M(t−1)) × price(t) × compensation, M the driver's count.

    name: the measure's name (Mått), for Eget mått the name on the sheet Volymmått. price: kr per
    unit, stated for `price_year` and indexed forward by the committee's index. compensation: the
    share of the change that is compensated, 0–1.
    """

    committee: str
    name: str
    driver: Driver
    price: Decimal
    price_year: int
    compensation: Decimal = Decimal(1)
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Measure(Located):
    """A municipality's own measure in a year (Volymmått): inhabitants of an area, pupils, road km ...;
    `count` is the number on 31 December (or as the municipality counts it), ≥ 0."""

    name: str
    year: int
    count: Decimal
    reference: str = ""
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class StandardCost(Located):
    """The national standard cost per inhabitant of an activity a committee runs, in a year, from the
    optional sheet `Standardkostnader` (kostnadsutjämningens standardkostnad, kr per invånare), to set
    a price-tag committee's cost per inhabitant against."""

    committee: str
    activity: str
    year: int
    cost: Decimal
    reference: str = ""
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Decision(Located):
    """A decided change of a committee's frame for one year, from `Beslut`.

    amount: kr, signed as it changes the frame (a saving is negative).
    duration: Permanent stays in the base of later years; Engångs counts in `year` only.
    focus_area: the focus area (fokusområde) it belongs to, if any.
    to_year: the last year of a time-limited decision (Till år), e.g. a project 2027–2028: an
    Engångs decision that counts, with `amount`, in every year from `year` to `to_year` and
    leaves the base the year after; None: `year` only (or, Permanent, for good).
    """

    committee: str
    year: int
    amount: Decimal
    kind: DecisionType
    duration: Duration = Duration.PERMANENT
    focus_area: str | None = None
    description: str = ""
    version: str | None = None
    to_year: int | None = None
    origin: RowOrigin | None = field(default=None, compare=False)

    @property
    def years(self) -> range:
        """The years the decision counts in: `year` to `to_year` (only `year` without one)."""
        return range(self.year, (self.to_year if self.to_year is not None else self.year) + 1)


@dataclass(frozen=True)
class Activity(Located):
    """An activity (verksamhet) of a committee, from the optional sheet `Verksamheter`.

    The activities are the rows of the budget in a committee's planning template.
    """

    committee: str
    name: str
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class FocusArea(Located):
    """A focus area (fokusområde) of the municipality, from the optional sheet `Fokusområden`."""

    name: str
    description: str = ""
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Revenue(Located):
    """The municipality's revenues for one year, from the optional sheet `Intäkter`, kr.

    taxes: skatteintäkter. grants: generella statsbidrag och utjämning.
    financial_net: finansnetto (positive adds to the room). result_target: the required
    result (resultatmål) as a share of taxes and grants.
    """

    year: int
    taxes: Decimal
    grants: Decimal
    financial_net: Decimal = Decimal(0)
    result_target: Decimal = Decimal(0)
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CentralItem(Located):
    """A central cost outside the committees' frames (pensions, capital costs ...), from
    the optional sheet `Centrala poster`; amount in kr, a cost is positive and reduces the room."""

    year: int
    name: str
    amount: Decimal
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RevenueTag(Located):
    """A revenue tag (intäktslapp): revenue per inhabitant of an age group in a year, kr,
    from the optional sheet `Intäktslappar`."""

    year: int
    name: str
    age_from: int
    age_to: int
    amount: Decimal
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CostShare(Located):
    """The share of a committee's costs other than personnel that is of one cost type
    (Kostnadsstruktur); a committee's shares add up to 1."""

    committee: str
    cost_type: str
    share: Decimal
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class CostTypeRate(Located):
    """The price increase of one cost type in one year (Kostnadsindex), with its source."""

    year: int
    cost_type: str
    rate: Decimal
    reference: str = ""
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Participation(Located):
    """The share of a volume group's population that takes part in a year (Deltagande),
    e.g. the share of 1–5-year-olds who want a preschool place; replaces the group's weight."""

    committee: str
    group: str
    year: int
    share: Decimal
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Scenario(Located):
    """A freely named version that branches from another (Versioner): it includes the rows
    of `parent` (a process version or another scenario) and its own."""

    name: str
    parent: str
    description: str = ""
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class InternalService(Located):
    """A committee's cost for an internal service (Interna tjänster), e.g. IT or lokaler.

    cost: kr, the committee's cost for the service in the year before the budget year.
    compensation: how much of the service's price rise the frame compensates.
    """

    committee: str
    service: str
    cost: Decimal
    compensation: Compensation = Compensation.INDEX
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class InternalPrice(Located):
    """The price increase of an internal service in one year (Internpriser), a fraction."""

    service: str
    year: int
    rate: Decimal
    reference: str = ""
    version: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Outcome(Located):
    """A committee's outcome for a past year (Utfall): its net cost, kr. The result is the
    adopted frame minus the net cost (positive: a surplus)."""

    committee: str
    year: int
    net_cost: Decimal
    origin: RowOrigin | None = field(default=None, compare=False)


class AmountKind(enum.Enum):
    """Whether a category's amount is a base amount (grundbelopp) or an additional amount
    (tilläggsbelopp) for a named group of pupils (Fördelningsbelopp: Typ)."""

    BASE = "Grundbelopp"
    ADDITION = "Tillägg"


@dataclass(frozen=True)
class AllocationUnit(Located):
    """A unit (enhet: a school, a preschool, a home-care area ...) of a committee, from the
    optional sheet `Enheter`; the committee's frame is allocated to its units (resursfördelning).

    index: the unit's structural index (strukturindex), e.g. a socioeconomic index of its
    pupils; None: the unit gets no structural amount.
    """

    committee: str
    name: str
    index: Decimal | None = None
    description: str = ""
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class AllocationRule(Located):
    """How a committee allocates its frame to its units, from the optional sheet `Fördelning`;
    a committee with units and no row has no structural amount and no reserve.

    structural_share: the share of the frame distributed as structural amounts (strukturbelopp)
    by index points × volume; point_amount: instead, kr per index point and volume unit and
    year (at most one of the two). index_threshold: the index above which a unit's points count
    (Indexgräns). index_low, index_high: the index's scale; an index outside it is an error
    (index_high None: no upper end). reserve: the central reserve, kr; reserve_share: instead,
    the reserve as a share of the frame (at most one of the two).
    """

    committee: str
    structural_share: Decimal | None = None
    point_amount: Decimal | None = None
    index_threshold: Decimal = Decimal(0)
    index_low: Decimal = Decimal(0)
    index_high: Decimal | None = None
    reserve: Decimal | None = None
    reserve_share: Decimal | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class AllocationAmount(Located):
    """The amount per volume unit of one category (school form, grade, hour band, group of
    pupils), from the optional sheet `Fördelningsbelopp`.

    kind: a base amount, or an additional amount for a named group of pupils.
    amount: kr per volume unit and year (a month counts 1/12); None (a base amount only): derived
    from the frame, what is left of it shared by the weights of the categories without an amount.
    weight: the category's weight when its amount is derived (Åk 7–9 1,2 against Åk 1–3 1,0 ...).
    volume_group: the committee's volume group (Volymgrupper) the category's volume counts in.
    """

    committee: str
    category: str
    kind: AmountKind = AmountKind.BASE
    amount: Decimal | None = None
    weight: Decimal = Decimal(1)
    volume_group: str | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class UnitVolume(Located):
    """A unit's volume (pupils, children, hours, places) in one category and month, from the
    optional sheet `Enhetsvolymer`: the forecast the budget allocates by, and the actual volume
    the month is reconciled by (avräkning); actual None: not yet known."""

    committee: str
    unit: str
    category: str
    year: int
    month: int
    forecast: Decimal
    actual: Decimal | None = None
    origin: RowOrigin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PlanningData:
    """Everything in one planning workbook, as read and before validation."""

    settings: Settings
    committees: tuple[Committee, ...] = ()
    index: tuple[IndexYear, ...] = ()
    frames: tuple[AdoptedFrame, ...] = ()
    population: tuple[PopulationCount, ...] = ()
    volume_groups: tuple[VolumeGroup, ...] = ()
    decisions: tuple[Decision, ...] = ()
    activities: tuple[Activity, ...] = ()
    focus_areas: tuple[FocusArea, ...] = ()
    revenues: tuple[Revenue, ...] = ()
    central_items: tuple[CentralItem, ...] = ()
    revenue_tags: tuple[RevenueTag, ...] = ()
    cost_structure: tuple[CostShare, ...] = ()
    cost_index: tuple[CostTypeRate, ...] = ()
    participation: tuple[Participation, ...] = ()
    committee_rates: tuple[CommitteeRates, ...] = ()
    frame_parts: tuple[FramePart, ...] = ()
    volume_drivers: tuple[VolumeDriver, ...] = ()
    measures: tuple[Measure, ...] = ()
    standard_costs: tuple[StandardCost, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    internal_services: tuple[InternalService, ...] = ()
    internal_prices: tuple[InternalPrice, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    units: tuple[AllocationUnit, ...] = ()
    allocation_rules: tuple[AllocationRule, ...] = ()
    allocation_amounts: tuple[AllocationAmount, ...] = ()
    unit_volumes: tuple[UnitVolume, ...] = ()
    file: str = field(default="", compare=False)
    version: str | None = None
    """The version the rows were selected for (`ramkalk.schema.versions.select`); None: not selected."""

    def committee(self, code: str) -> Committee | None:
        return next((c for c in self.committees if c.code == code), None)
