"""The planning workbook format (planeringsarbetsbok): sheets, columns and their meaning.

The one definition of the public contract, read by the reader, the example writer and
the docs. One table per sheet, header in row 1; columns are found by their header
(case and surrounding spaces ignored), extra columns are ignored. User documentation:
docs/arbetsbok.md.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from ramkalk.schema import inputs


class Kind(enum.Enum):
    """How a cell is read (see `ramkalk.schema.cells`)."""

    TEXT = "text"
    YEAR = "år"
    AGE = "ålder"
    COUNT = "antal"  # a number >= 0
    AMOUNT = "belopp"  # a signed amount in the workbook's unit
    PRICE = "pris"  # an amount >= 0 in the workbook's unit
    SHARE = "andel"  # a fraction 0–1 (also written as a percentage)
    RATE = "procentsats"  # a yearly rate, −20 %–20 %
    WEIGHT = "vikt"  # a number 0–10
    CHOICE = "val"
    YES_NO = "ja/nej"
    SMALL_INTEGER = "heltal"  # 0–20
    MONTH = "månad"  # 1–12


@dataclass(frozen=True)
class Column:
    """One column of a table.

    field: the record field it fills. header: the Swedish header in row 1.
    what: a short Swedish description used in messages ("väntade ett tal (what)").
    required: whether a value is needed in every row; if not, `default` is used.
    choices: the accepted values of a CHOICE column (the values of `enum`).
    enum: the enum a CHOICE column's value is turned into.
    """

    field: str
    header: str
    kind: Kind
    what: str
    required: bool = True
    default: object = None
    choices: tuple[str, ...] = ()
    enum: type[enum.Enum] | None = None


def choice(field: str, header: str, what: str, values: type[enum.Enum], required: bool = True,
           default: enum.Enum | None = None) -> Column:
    """A column whose value is one of an enum's Swedish values (case ignored)."""
    return Column(field, header, Kind.CHOICE, what, required, default.value if default else None,
                  tuple(v.value for v in values), values)


@dataclass(frozen=True)
class Table:
    """A sheet holding one table.

    sheet: the sheet's name. field: the `PlanningData` field its records fill.
    record: the record type one row becomes (its fields are the columns' fields).
    columns: its columns. description: what one row means (Swedish).
    optional: whether the workbook may leave the sheet out (its records are then none).
    key: the fields that identify a row: a key may occur once per version, and a later
    version's row replaces an earlier one with the same key (`ramkalk.schema.versions`). Text is
    compared without regard to case; a row with an empty text in its key is never replaced.
    """

    sheet: str
    field: str
    record: type
    columns: tuple[Column, ...]
    description: str
    optional: bool = False
    key: tuple[str, ...] = ()

    @property
    def versioned(self) -> bool:
        """Whether rows may carry a Version."""
        return any(c.field == "version" for c in self.columns)

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


SETTINGS_SHEET = "Inställningar"
SETTINGS_KEY_HEADER = "Nyckel"
SETTINGS_VALUE_HEADER = "Värde"

# Settings are a key/value table: key -> Column describing the value.
SETTINGS = (
    Column("municipality", "Kommun", Kind.TEXT, "kommunens namn"),
    Column("budget_year", "Budgetår", Kind.YEAR, "budgetår"),
    Column("plan_years", "Antal planår", Kind.SMALL_INTEGER, "antal planår", required=False, default=3),
    choice("unit", "Belopp i", "enhet för belopp", inputs.Unit, required=False, default=inputs.Unit.KR),
    choice("efficiency_base", "Effektiviseringsbas", "vad effektiviseringskravet räknas på", inputs.EfficiencyBase,
           required=False, default=inputs.EfficiencyBase.BASE),
    choice("balancing", "Balanseringskrav", "balanseringskrav", inputs.BalancingRule, required=False,
           default=inputs.BalancingRule.NONE),
    Column("pay_revision_month", "Lönerevision (månad)", Kind.MONTH, "månaden då lönerna höjs", required=False,
           default=1),
    # The thresholds of the plausibility warnings (ramkalk.calculation.plausibility); defaults as in inputs.Settings.
    Column("warn_frame_change", "Varning ramförändring", Kind.SHARE, "största rimliga ramförändring",
           required=False, default=Decimal("0.25")),
    Column("warn_population_factor", "Varning befolkningsförändring", Kind.WEIGHT,
           "faktor för befolkningsvarningen", required=False, default=Decimal(2)),
    Column("warn_population_difference", "Varning befolkningsskillnad", Kind.COUNT,
           "minsta skillnad i antal invånare som varnas för", required=False, default=Decimal(50)),
    Column("warn_rate_low", "Varning lägsta ökning", Kind.RATE, "lägsta rimliga löne- eller prisökning",
           required=False, default=Decimal("-0.02")),
    Column("warn_rate_high", "Varning högsta ökning", Kind.RATE, "högsta rimliga löne- eller prisökning",
           required=False, default=Decimal("0.10")),
    Column("warn_efficiency_high", "Varning högsta effektiviseringskrav", Kind.RATE,
           "högsta rimliga effektiviseringskrav", required=False, default=Decimal("0.05")),
    Column("warn_price_change", "Varning prislappsförändring", Kind.SHARE, "största rimliga prislappsförändring",
           required=False, default=Decimal("0.25")),
    Column("price_tag_efficiency", "Effektivisering av prislappar", Kind.YES_NO,
           "om effektiviseringskravet gäller prislapparna", required=False, default=True),
)

VERSION = Column("version", "Version", Kind.TEXT, "version (Juni, Augusti, Oktober, November eller ett scenario)",
                 required=False)
"""The optional column of every table whose rows may belong to a version (`ramkalk.schema.versions`)."""

DECISION_TYPES = tuple(t.value for t in inputs.DecisionType)
DURATIONS = tuple(d.value for d in inputs.Duration)
POPULATION_KINDS = tuple(k.value for k in inputs.PopulationKind)

COMMITTEES = Table(
    "Nämnder",
    "committees",
    inputs.Committee,
    (
        Column("code", "Kod", Kind.TEXT, "nämndens kod"),
        Column("name", "Namn", Kind.TEXT, "nämndens namn"),
        Column("wage_share", "Personalkostnadsandel", Kind.SHARE, "personalkostnadsandel"),
        Column("automatic_volume", "Automatisk volym", Kind.YES_NO, "automatisk volym", required=False, default=True),
        choice("model", "Modell", "modell", inputs.FrameModel, required=False, default=inputs.FrameModel.TRADITIONAL),
        Column("balance_share", "Balansandel", Kind.SHARE, "balansandel", required=False),
        choice("result_rule", "Resultatregel", "resultatregel", inputs.ResultRule, required=False,
               default=inputs.ResultRule.WRITE_OFF),
        Column("return_years", "Återföringsår", Kind.SMALL_INTEGER, "antal år resultatet fördelas på",
               required=False, default=1),
        Column("result_cap", "Resultattak", Kind.PRICE, "resultattak", required=False),
    ),
    "En rad per nämnd.",
    key=("code",),
)

INDEX = Table(
    "Index",
    "index",
    inputs.IndexYear,
    (
        Column("year", "År", Kind.YEAR, "år"),
        Column("wage_increase", "Löneökning", Kind.RATE, "löneökning"),
        Column("price_increase", "Prisökning", Kind.RATE, "prisökning"),
        Column("efficiency", "Effektiviseringskrav", Kind.RATE, "effektiviseringskrav"),
        Column("payroll_overhead", "PO-pålägg", Kind.SHARE, "PO-pålägg", required=False),
        Column("reference", "Källa", Kind.TEXT, "källa", required=False, default=""),
        VERSION,
        Column("revision_month", "Revisionsmånad", Kind.MONTH, "månaden då årets löner höjs", required=False),
        choice("wage_basis", "Löneökning avser", "vad löneökningen avser", inputs.WageBasis, required=False),
    ),
    "En rad per år: löneökning, prisökning för övriga kostnader och effektiviseringskrav.",
    key=("year",),
)

COMMITTEE_RATES = Table(
    "Nämndsatser",
    "committee_rates",
    inputs.CommitteeRates,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("year", "År", Kind.YEAR, "år"),
        Column("efficiency", "Effektiviseringskrav", Kind.RATE, "nämndens effektiviseringskrav", required=False),
        Column("wages", "Löneuppräkning", Kind.YES_NO, "löneuppräkning", required=False, default=True),
        Column("prices", "Prisuppräkning", Kind.YES_NO, "prisuppräkning", required=False, default=True),
        Column("reference", "Källa", Kind.TEXT, "källa", required=False, default=""),
        VERSION,
    ),
    "En nämnds egna satser ett år: eget effektiviseringskrav (0 % = undantagen) och undantag från löne- eller "
    "prisuppräkningen.",
    optional=True,
    key=("committee", "year"),
)

FRAME_PARTS = Table(
    "Ramdelar",
    "frame_parts",
    inputs.FramePart,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("name", "Del", Kind.TEXT, "ramdelens namn"),
        Column("amount", "Belopp", Kind.AMOUNT, "ramdelens belopp året före budgetåret"),
        choice("indexation", "Uppräkning", "hur ramdelen räknas upp", inputs.PartIndexation),
        Column("efficiency", "Effektivisering", Kind.YES_NO, "om effektiviseringskravet gäller ramdelen"),
        Column("cost_type", "Kostnadsslag", Kind.TEXT, "kostnadsslaget på bladet Kostnadsindex", required=False,
               default=""),
        VERSION,
    ),
    "Delar av en nämnds ram med egna regler för uppräkning och effektivisering (kapitalkostnader, arvoden ...).",
    optional=True,
    key=("committee", "name"),
)

FRAMES = Table(
    "Ramar",
    "frames",
    inputs.AdoptedFrame,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("year", "År", Kind.YEAR, "år"),
        Column("frame", "Ram", Kind.AMOUNT, "ram"),
        Column("one_off", "Varav engångs", Kind.AMOUNT, "varav engångs", required=False, default=0),
        Column("technical", "Varav teknisk ram", Kind.AMOUNT, "varav teknisk ram", required=False),
    ),
    "Fastställda ramar för tidigare år, minst året före budgetåret.",
    key=("committee", "year"),
)

POPULATION = Table(
    "Befolkning",
    "population",
    inputs.PopulationCount,
    (
        Column("year", "År", Kind.YEAR, "år"),
        Column("age", "Ålder", Kind.AGE, "ålder"),
        Column("count", "Antal", Kind.COUNT, "antal invånare"),
        choice("kind", "Typ", "utfall eller prognos", inputs.PopulationKind, required=False,
               default=inputs.PopulationKind.FORECAST),
        Column("forecast_year", "Prognosår", Kind.YEAR, "året prognosen gjordes", required=False),
    ),
    "Befolkningen den 31 december per år och ettårsklass; högsta åldern betyder \"och äldre\".",
    key=("year", "age", "forecast_year"),
)

VOLUME_GROUPS = Table(
    "Volymgrupper",
    "volume_groups",
    inputs.VolumeGroup,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("name", "Grupp", Kind.TEXT, "gruppens namn"),
        Column("age_from", "Från ålder", Kind.AGE, "från ålder"),
        Column("age_to", "Till ålder", Kind.AGE, "till ålder"),
        Column("weight", "Vikt", Kind.WEIGHT, "vikt"),
        Column("price", "Prislapp", Kind.PRICE, "prislapp"),
        Column("price_year", "Prisår", Kind.YEAR, "prisår"),
        Column("compensation", "Kompensationsgrad", Kind.SHARE, "kompensationsgrad", required=False, default=1),
        choice("volume_definition", "Volymdefinition", "volymdefinition", inputs.VolumeDefinition, required=False,
               default=inputs.VolumeDefinition.YEAR_END),
        Column("ex_post", "Efterhandsjustering", Kind.YES_NO, "efterhandsjustering", required=False, default=False),
        VERSION,
    ),
    "Nämndernas volymgrupper: åldrar, vikt, prislapp per volymenhet och kompensationsgrad.",
    key=("committee", "name"),
)

VOLUME_DRIVERS = Table(
    "Volymdrivare",
    "volume_drivers",
    inputs.VolumeDriver,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("name", "Mått", Kind.TEXT, "måttets namn"),
        choice("driver", "Drivare", "vad volymen räknas på", inputs.Driver),
        Column("price", "Pris per enhet", Kind.PRICE, "pris per enhet"),
        Column("price_year", "Prisår", Kind.YEAR, "prisår"),
        Column("compensation", "Kompensationsgrad", Kind.SHARE, "kompensationsgrad", required=False, default=1),
        VERSION,
    ),
    "Volymkompensation efter annat än åldersgrupper: hela befolkningen eller ett eget mått (bladet Volymmått).",
    optional=True,
    key=("committee", "name"),
)

MEASURES = Table(
    "Volymmått",
    "measures",
    inputs.Measure,
    (
        Column("name", "Mått", Kind.TEXT, "måttets namn"),
        Column("year", "År", Kind.YEAR, "år"),
        Column("count", "Antal", Kind.COUNT, "antal"),
        Column("reference", "Källa", Kind.TEXT, "källa", required=False, default=""),
        VERSION,
    ),
    "Kommunens egna volymmått per år: invånare i ett område, elever, km väg ...",
    optional=True,
    key=("name", "year"),
)

STANDARD_COSTS = Table(
    "Standardkostnader",
    "standard_costs",
    inputs.StandardCost,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("activity", "Verksamhet", Kind.TEXT, "verksamhetens namn"),
        Column("year", "År", Kind.YEAR, "år"),
        Column("cost", "Standardkostnad", Kind.COUNT, "standardkostnad i kr per invånare"),  # kr, whatever Belopp i
        Column("reference", "Källa", Kind.TEXT, "källa", required=False, default=""),
        VERSION,
    ),
    "Kostnadsutjämningens standardkostnad per invånare för verksamheter som nämnder i prislappsmodellen driver.",
    optional=True,
    key=("committee", "activity", "year"),
)

DECISIONS = Table(
    "Beslut",
    "decisions",
    inputs.Decision,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("year", "År", Kind.YEAR, "år"),
        Column("amount", "Belopp", Kind.AMOUNT, "belopp"),
        choice("kind", "Typ", "beslutstyp", inputs.DecisionType),
        choice("duration", "Varaktighet", "varaktighet", inputs.Duration),
        Column("focus_area", "Fokusområde", Kind.TEXT, "fokusområde", required=False),
        Column("description", "Beskrivning", Kind.TEXT, "beskrivning", required=False, default=""),
        VERSION,
        Column("to_year", "Till år", Kind.YEAR, "sista året för ett tidsbegränsat beslut", required=False),
    ),
    "Beslutade förändringar av ramen per nämnd och år, med belopp, typ och varaktighet.",
    key=("committee", "year", "description"),
)

ACTIVITIES = Table(
    "Verksamheter",
    "activities",
    inputs.Activity,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("name", "Verksamhet", Kind.TEXT, "verksamhetens namn"),
    ),
    "Nämndernas verksamheter, en rad var; de blir raderna i planeringsunderlagets budget.",
    optional=True,
    key=("committee", "name"),
)

FOCUS_AREAS = Table(
    "Fokusområden",
    "focus_areas",
    inputs.FocusArea,
    (
        Column("name", "Fokusområde", Kind.TEXT, "fokusområdets namn"),
        Column("description", "Beskrivning", Kind.TEXT, "beskrivning", required=False, default=""),
    ),
    "Kommunens fokusområden; beslut och äskanden kan höra till ett av dem.",
    optional=True,
    key=("name",),
)

REVENUES = Table(
    "Intäkter",
    "revenues",
    inputs.Revenue,
    (
        Column("year", "År", Kind.YEAR, "år"),
        Column("taxes", "Skatteintäkter", Kind.AMOUNT, "skatteintäkter"),
        Column("grants", "Generella statsbidrag och utjämning", Kind.AMOUNT, "generella statsbidrag och utjämning"),
        Column("financial_net", "Finansnetto", Kind.AMOUNT, "finansnetto", required=False, default=0),
        Column("result_target", "Resultatmål", Kind.SHARE, "resultatmål (andel av skatter och bidrag)",
               required=False, default=0),
        VERSION,
    ),
    "Kommunens intäkter per år; de ger utrymmet för nämndernas ramar.",
    optional=True,
    key=("year",),
)

CENTRAL_ITEMS = Table(
    "Centrala poster",
    "central_items",
    inputs.CentralItem,
    (
        Column("year", "År", Kind.YEAR, "år"),
        Column("name", "Post", Kind.TEXT, "postens namn"),
        Column("amount", "Belopp", Kind.AMOUNT, "belopp"),
        VERSION,
    ),
    "Kostnader utanför nämndernas ramar (pensioner, kapitalkostnader ...) som minskar utrymmet.",
    optional=True,
    key=("year", "name"),
)

REVENUE_TAGS = Table(
    "Intäktslappar",
    "revenue_tags",
    inputs.RevenueTag,
    (
        Column("year", "År", Kind.YEAR, "år"),
        Column("name", "Grupp", Kind.TEXT, "gruppens namn"),
        Column("age_from", "Från ålder", Kind.AGE, "från ålder"),
        Column("age_to", "Till ålder", Kind.AGE, "till ålder"),
        Column("amount", "Belopp per invånare", Kind.PRICE, "belopp per invånare"),
        VERSION,
    ),
    "Intäkt per invånare i en åldersgrupp och ett år (intäktslappar).",
    optional=True,
    key=("year", "name"),
)

COST_STRUCTURE = Table(
    "Kostnadsstruktur",
    "cost_structure",
    inputs.CostShare,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("cost_type", "Kostnadsslag", Kind.TEXT, "kostnadsslag"),
        Column("share", "Andel", Kind.SHARE, "andel av kostnaderna utöver personal"),
        VERSION,
    ),
    "Hur en nämnds kostnader utöver personal fördelar sig på kostnadsslag; andelarna summerar till 100 %.",
    optional=True,
    key=("committee", "cost_type"),
)

COST_INDEX = Table(
    "Kostnadsindex",
    "cost_index",
    inputs.CostTypeRate,
    (
        Column("year", "År", Kind.YEAR, "år"),
        Column("cost_type", "Kostnadsslag", Kind.TEXT, "kostnadsslag"),
        Column("rate", "Ökning", Kind.RATE, "ökning"),
        Column("reference", "Källa", Kind.TEXT, "källa", required=False, default=""),
        VERSION,
    ),
    "Prisökning per kostnadsslag och år, till exempel från SKR:s prisindex för kommunal verksamhet.",
    optional=True,
    key=("year", "cost_type"),
)

PARTICIPATION = Table(
    "Deltagande",
    "participation",
    inputs.Participation,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("group", "Grupp", Kind.TEXT, "volymgruppens namn"),
        Column("year", "År", Kind.YEAR, "år"),
        Column("share", "Andel", Kind.SHARE, "andel som deltar"),
        VERSION,
    ),
    "En volymgrupps deltagande (t.ex. andelen barn som vill ha förskoleplats) per år; ersätter gruppens vikt.",
    optional=True,
    key=("committee", "group", "year"),
)

SCENARIOS = Table(
    "Versioner",
    "scenarios",
    inputs.Scenario,
    (
        Column("name", "Version", Kind.TEXT, "scenariots namn"),
        Column("parent", "Utgår från", Kind.TEXT, "versionen scenariot utgår från"),
        Column("description", "Beskrivning", Kind.TEXT, "beskrivning", required=False, default=""),
    ),
    "Fritt namngivna scenarier; ett scenario utgår från en processversion eller ett annat scenario.",
    optional=True,
    key=("name",),
)

INTERNAL_SERVICES = Table(
    "Interna tjänster",
    "internal_services",
    inputs.InternalService,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("service", "Tjänst", Kind.TEXT, "tjänstens namn"),
        Column("cost", "Kostnad", Kind.PRICE, "nämndens kostnad för tjänsten året före budgetåret"),
        choice("compensation", "Kompensation", "kompensation", inputs.Compensation, required=False,
               default=inputs.Compensation.INDEX),
        VERSION,
    ),
    "Nämndernas kostnader för interna tjänster (IT, lokaler, måltider ...) och hur prishöjningar kompenseras.",
    optional=True,
    key=("committee", "service"),
)

INTERNAL_PRICES = Table(
    "Internpriser",
    "internal_prices",
    inputs.InternalPrice,
    (
        Column("service", "Tjänst", Kind.TEXT, "tjänstens namn"),
        Column("year", "År", Kind.YEAR, "år"),
        Column("rate", "Prisökning", Kind.RATE, "internprisets ökning"),
        Column("reference", "Källa", Kind.TEXT, "källa", required=False, default=""),
        VERSION,
    ),
    "Hur mycket varje intern tjänsts pris ökar per år.",
    optional=True,
    key=("service", "year"),
)

OUTCOMES = Table(
    "Utfall",
    "outcomes",
    inputs.Outcome,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("year", "År", Kind.YEAR, "år"),
        Column("net_cost", "Nettokostnad", Kind.AMOUNT, "nettokostnad"),
    ),
    "Nämndernas utfall (nettokostnad) för tidigare år; resultatet är ramen minus nettokostnaden.",
    optional=True,
    key=("committee", "year"),
)

# Resursfördelning inside a committee (ramkalk.rules.allocation): its units, its rules, the amounts
# per volume unit and the units' monthly volumes.
UNITS = Table(
    "Enheter",
    "units",
    inputs.AllocationUnit,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("name", "Enhet", Kind.TEXT, "enhetens namn"),
        Column("index", "Strukturindex", Kind.COUNT, "strukturindex", required=False),
        Column("description", "Beskrivning", Kind.TEXT, "beskrivning", required=False, default=""),
    ),
    "Nämndernas enheter (skolor, förskolor, hemtjänstområden ...) som ramen fördelas till.",
    optional=True,
    key=("committee", "name"),
)

ALLOCATION_RULES = Table(
    "Fördelning",
    "allocation_rules",
    inputs.AllocationRule,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("structural_share", "Strukturandel", Kind.SHARE, "andel av ramen som strukturbelopp", required=False),
        Column("point_amount", "Belopp per indexpoäng", Kind.PRICE, "belopp per indexpoäng", required=False),
        Column("index_threshold", "Indexgräns", Kind.COUNT, "indexgräns", required=False, default=0),
        Column("index_low", "Indexskala från", Kind.COUNT, "indexskalans lägsta värde", required=False, default=0),
        Column("index_high", "Indexskala till", Kind.COUNT, "indexskalans högsta värde", required=False),
        Column("reserve", "Reserv", Kind.PRICE, "central reserv", required=False),
        Column("reserve_share", "Reservandel", Kind.SHARE, "central reserv som andel av ramen", required=False),
    ),
    "Hur en nämnd fördelar sin ram till enheterna: grundbelopp, strukturbelopp och central reserv.",
    optional=True,
    key=("committee",),
)

ALLOCATION_AMOUNTS = Table(
    "Fördelningsbelopp",
    "allocation_amounts",
    inputs.AllocationAmount,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("category", "Kategori", Kind.TEXT, "kategorins namn"),
        choice("kind", "Typ", "Grundbelopp eller Tillägg", inputs.AmountKind, required=False,
               default=inputs.AmountKind.BASE),
        Column("amount", "Årsbelopp per volymenhet", Kind.PRICE, "årsbelopp per volymenhet", required=False),
        Column("weight", "Vikt", Kind.WEIGHT, "vikt", required=False, default=1),
        Column("volume_group", "Volymgrupp", Kind.TEXT, "volymgruppens namn", required=False),
    ),
    "Belopp per volymenhet (elev, barn, timme, plats) och år per kategori: grundbelopp och tilläggsbelopp.",
    optional=True,
    key=("committee", "category"),
)

UNIT_VOLUMES = Table(
    "Enhetsvolymer",
    "unit_volumes",
    inputs.UnitVolume,
    (
        Column("committee", "Nämnd", Kind.TEXT, "nämndens kod"),
        Column("unit", "Enhet", Kind.TEXT, "enhetens namn"),
        Column("category", "Kategori", Kind.TEXT, "kategorins namn"),
        Column("year", "År", Kind.YEAR, "år"),
        Column("month", "Månad", Kind.MONTH, "månad"),
        Column("forecast", "Prognos", Kind.COUNT, "prognos"),
        Column("actual", "Utfall", Kind.COUNT, "utfall", required=False),
    ),
    "Enheternas volym per kategori och månad: prognosen som budgeten fördelas efter och utfallet som avräknas.",
    optional=True,
    key=("committee", "unit", "category", "year", "month"),
)

TABLES = (COMMITTEES, INDEX, COMMITTEE_RATES, FRAME_PARTS, FRAMES, POPULATION, VOLUME_GROUPS, VOLUME_DRIVERS,
          MEASURES, STANDARD_COSTS, DECISIONS, ACTIVITIES, FOCUS_AREAS,
          REVENUES, CENTRAL_ITEMS, REVENUE_TAGS, COST_STRUCTURE, COST_INDEX, PARTICIPATION, SCENARIOS,
          INTERNAL_SERVICES, INTERNAL_PRICES, OUTCOMES, UNITS, ALLOCATION_RULES,
          ALLOCATION_AMOUNTS, UNIT_VOLUMES)
