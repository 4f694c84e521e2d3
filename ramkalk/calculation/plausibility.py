"""Plausibility warnings: numbers that pass validation but are probably typos.

Validation (`ramkalk.calculation.validation`) finds what cannot be computed; this module finds what can
be computed but should not be believed: a population count of one age a thousand times its
neighbours, a wage increase of 34 %, a decision larger than the committee's whole frame, a
negative frame, a frame that doubles in a year. Every rule is a small pure function that
yields warnings (`ramkalk.core.problems.warning`, never errors: the exit code stays 0), each at the
cell that drives it and with the amounts and the difference in its message.

- `INPUT_RULES` take the checked data of one version (`PlanningData`);
- `VERSION_RULES` take the whole workbook and that version's data (a row against the row of
  an earlier version it replaces);
- `RESULT_RULES` take the `Calculation` of that data.

The thresholds are settings (`Inställningar`: "Varning …", fields `warn_*` of
`ramkalk.schema.inputs.Settings`). The rules assume data without errors; `ramkalk.workbook.pipeline.plausibility`
runs them. User documentation: docs/arbetsbok.md, "Rimlighetskontroller".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence

from ramkalk.calculation.allocation import allocation_beyond_frame, unit_volumes_against_groups
from ramkalk.calculation.frames import Calculation
from ramkalk.core.display import format_amount, format_count, format_kronor, format_share
from ramkalk.core.frame import BALANCING, BASE, PRICE_TAG, TECHNICAL_BASE, TRADITIONAL, Frame, Line
from ramkalk.core.problems import Problem, Source, warning
from ramkalk.schema import versions
from ramkalk.schema.cells import text_key
from ramkalk.schema.inputs import Committee, FrameModel, PlanningData, PopulationCount, PopulationKind
from ramkalk.schema.tables import SETTINGS, VOLUME_GROUPS

InputRule = Callable[[PlanningData], Iterable[Problem]]
VersionRule = Callable[[PlanningData, PlanningData], Iterable[Problem]]
ResultRule = Callable[[Calculation], Iterable[Problem]]

SETTING = {c.field: c.header for c in SETTINGS}
"""Setting field -> its key in `Inställningar`, named in the messages so that a user knows what to change."""

CHECK = "kontrollera siffran"


# --- Formatting ------------------------------------------------------------------------------


def _times(ratio: Decimal) -> str:
    """How many times larger, as shown: two significant digits from 10 ("1 000", "47"), else one decimal ("2,5")."""
    if ratio >= 10:
        digits = len(str(int(ratio)))
        return format_amount(round(ratio, 2 - digits))
    return f"{ratio:.1f}".replace(".", ",")


def _cell(source: Source | None) -> str | None:
    """A source as "Blad!Cell" (without the file), or None if it names no cell."""
    if source is None or source.cell is None:
        return None
    return f"{source.sheet}!{source.cell}"


def _cells(sources: Sequence[Source]) -> str:
    """Cells as "Volymgrupper!E6, F6, Index!B4": the sheet named once for the cells after it on it."""
    shown, sheet = [], None
    for source in dict.fromkeys(sources):
        shown.append(source.cell if source.sheet == sheet else f"{source.sheet}!{source.cell}")
        sheet = source.sheet
    return ", ".join(shown)


LARGEST_SHARE = Decimal(10)
"""A change beyond ±1 000 % is shown as "mer än": its digits say nothing more (a frame of 0,01 kr the year
before gives a change of billions of per cent, more digits than a Decimal rounds to öre)."""


def _signed_share(share: Decimal) -> str:
    if abs(share) > LARGEST_SHARE:
        return f"mer än {'+' if share > 0 else '−'}{format_count(LARGEST_SHARE * 100, 0)} %"
    return ("+" if share > 0 else "") + format_share(share.quantize(Decimal("0.001")))


# --- Population ------------------------------------------------------------------------------


def _ratio(a: Decimal, b: Decimal) -> Decimal:
    """The larger over the smaller (infinite if the smaller is 0)."""
    low, high = min(a, b), max(a, b)
    return Decimal("Infinity") if low == 0 else high / low


def _jumps(count: Decimal, other: Decimal, factor: Decimal, least: Decimal) -> bool:
    return abs(count - other) >= least and _ratio(count, other) > factor


def _by_edition(data: PlanningData) -> dict[tuple[PopulationKind, int | None], dict[int, dict[int, PopulationCount]]]:
    """(kind, Prognosår) -> year -> age -> the first row with that year and age."""
    editions: dict[tuple[PopulationKind, int | None], dict[int, dict[int, PopulationCount]]] = {}
    for row in data.population:
        editions.setdefault((row.kind, row.forecast_year), {}).setdefault(row.year, {}).setdefault(row.age, row)
    return editions


def _as_known(editions: dict) -> dict[int, dict[int, PopulationCount]]:
    """Year -> age -> row of the population as now known: the outcome, else the newest forecast
    (as `ramkalk.rules.lookups.Edition.rank`)."""
    def rank(key: tuple[PopulationKind, int | None]) -> tuple[int, int]:
        kind, made = key
        return (1 if kind is PopulationKind.OUTCOME else 0, made if made is not None else 10_000)

    known: dict[int, dict[int, PopulationCount]] = {}
    for key in sorted(editions, key=rank):
        for year, ages in editions[key].items():
            known.setdefault(year, {}).update(ages)
    return known


def population_jumps(data: PlanningData) -> Iterator[Problem]:
    """A count of one age that is more than `warn_population_factor` times more or fewer than
    each of its neighbour ages (the same year) and than the same age the year before, and
    differs from each by at least `warn_population_difference` persons. Requiring every
    comparison to jump points at the typo itself, not at the cells beside it. The top age
    ("and older"), a sum of many ages, is compared with itself in the two nearest years (the year
    before and after; in the first or last year, the two years after or before)."""
    factor = data.settings.warn_population_factor
    least = data.settings.warn_population_difference
    editions = _by_edition(data)
    known = _as_known(editions)
    for (kind, made), years in editions.items():
        for year, ages in years.items():
            top = max(ages)
            near = {other: years.get(other) or known.get(other) or {}
                    for other in (year - 1, year + 1, year - 2, year + 2)}
            tops = [(other, found[top]) for other, found in near.items() if found and max(found) == top][:2]
            for age, row in ages.items():
                if age == top:
                    times, neighbours = tops, []
                else:
                    earlier = near[year - 1].get(age)
                    times = [(year - 1, earlier)] if earlier else []
                    neighbours = [ages[a] for a in (age - 1, age + 1) if a in ages and a != top]
                others = [n.count for n in neighbours] + [r.count for _, r in times]
                if not others or not all(_jumps(row.count, other, factor, least) for other in others):
                    continue
                closest = min(others, key=lambda other: _ratio(row.count, other))
                more = "fler" if row.count > closest else "färre"
                compared = [f"{other} ({format_count(r.count)})" for other, r in sorted(times, key=lambda t: t[0])]
                if neighbours:
                    what = "grannåldrarna" if len(neighbours) == 2 else "grannåldern"
                    compared.append(f"{what} ({', '.join(format_count(n.count) for n in neighbours)})")
                who = f"{age} år och äldre" if age == top else f"{age}-åringar"
                edition = f" (prognos gjord {made})" if made is not None else ""
                ratio = _ratio(row.count, closest)
                times_text = f"{_times(ratio)} gånger " if ratio.is_finite() else ""  # (against 0: no ratio)
                yield warning(row.source("count"),
                              f"antal {who} {year}{edition} är {format_count(row.count)}, {times_text}{more} än"
                              f" {' och '.join(compared)}; {CHECK}")


# --- Rates -----------------------------------------------------------------------------------


def _outside(value: Decimal, low: Decimal, high: Decimal) -> bool:
    return value < low or value > high


def _band_message(what: str, value: Decimal, low: Decimal, high: Decimal, settings: str) -> str:
    return (f"väntade {what} mellan {format_share(low)} och {format_share(high)}, fick {format_share(value)}"
            f" ({settings}); {CHECK}")


def index_rates(data: PlanningData) -> Iterator[Problem]:
    """A wage or price increase (Index, Kostnadsindex) outside `warn_rate_low`…`warn_rate_high`,
    or an efficiency requirement outside 0…`warn_efficiency_high`."""
    s = data.settings
    rates = f"{SETTING['warn_rate_low']}, {SETTING['warn_rate_high']}"
    for row in data.index:
        for field_name, what in (("wage_increase", "löneökning"), ("price_increase", "prisökning")):
            value = getattr(row, field_name)
            if _outside(value, s.warn_rate_low, s.warn_rate_high):
                yield warning(row.source(field_name),
                              _band_message(f"{what} {row.year}", value, s.warn_rate_low, s.warn_rate_high, rates))
        if _outside(row.efficiency, Decimal(0), s.warn_efficiency_high):
            yield warning(row.source("efficiency"),
                          _band_message(f"effektiviseringskrav {row.year}", row.efficiency, Decimal(0),
                                        s.warn_efficiency_high, SETTING["warn_efficiency_high"]))
    for rate in data.cost_index:
        if _outside(rate.rate, s.warn_rate_low, s.warn_rate_high):
            yield warning(rate.source("rate"), _band_message(f'ökning för "{rate.cost_type}" {rate.year}', rate.rate,
                                                             s.warn_rate_low, s.warn_rate_high, rates))


# --- Decisions -------------------------------------------------------------------------------


def decisions_larger_than_frames(data: PlanningData) -> Iterator[Problem]:
    """A decision larger (in absolute value) than the committee's adopted frame of the year before
    (for a plan year: the latest adopted frame, that of the year before the budget year)."""
    years = set(data.settings.years)
    adopted = {(f.committee, f.year): f for f in data.frames}
    latest = data.settings.budget_year - 1
    for decision in data.decisions:
        if decision.year not in years:
            continue
        frame = adopted.get((decision.committee, decision.year - 1)) or adopted.get((decision.committee, latest))
        if frame is None or frame.frame == 0 or abs(decision.amount) <= abs(frame.frame):
            continue
        where = _cell(frame.source("frame"))
        label = f' "{decision.description}"' if decision.description else ""
        yield warning(decision.source("amount"),
                      f"beslutet{label} för {decision.committee} {decision.year} är {format_kronor(decision.amount)},"
                      f" mer än nämndens hela ram {frame.year} ({format_kronor(frame.frame)}"
                      f"{', ' + where if where else ''}); väntade ett belopp som är mindre än ramen;"
                      f" kontrollera beloppet och enheten (Belopp i)")


# --- Price tags ------------------------------------------------------------------------------


def price_tags_between_versions(workbook: PlanningData, data: PlanningData) -> Iterator[Problem]:
    """A price tag of the computed version that differs by more than `warn_price_change` from the
    same group's price tag in the earlier version it replaces (Volymgrupper: Version)."""
    if data.version is None:
        return
    limit = data.settings.warn_price_change
    order = {text_key(v): rank for rank, v in enumerate(versions.chain(workbook, data.version))}
    rows: dict[tuple, list[tuple[int, object]]] = {}
    for group in workbook.volume_groups:
        rank = order.get(text_key(group.version)) if group.version else 0
        if rank is not None:
            rows.setdefault(versions.row_key(VOLUME_GROUPS, group), []).append((rank, group))
    for group in data.volume_groups:
        if not group.version:
            continue
        found = rows.get(versions.row_key(VOLUME_GROUPS, group), [])
        rank = order[text_key(group.version)]
        earlier = [(r, g) for r, g in found if r < rank]
        if not earlier or group.price == 0:
            continue
        _, before = max(earlier, key=lambda item: item[0])
        if before.price == 0:
            continue
        change = group.price / before.price - 1
        if abs(change) <= limit:
            continue
        where = _cell(before.source("price"))
        version = f"versionen {before.version}" if before.version else "raden utan version"
        yield warning(group.source("price"),
                      f'prislappen för "{group.name}" hos {group.committee} är {format_kronor(group.price)}'
                      f" ({group.price_year}) i versionen {group.version}, {_signed_share(change)} mot"
                      f" {format_kronor(before.price)} ({before.price_year}) i {version}"
                      f"{' (' + where + ')' if where else ''}; väntade en förändring på högst {format_share(limit)}"
                      f" ({SETTING['warn_price_change']}); {CHECK}")


def stale_price_tags(calculation: Calculation) -> Iterator[Problem]:
    """A price tag whose indexation from its price year to the budget year changes it by more than
    `warn_price_change`: a price tag of long ago, or a price year typed wrong."""
    data, lookups = calculation.data, calculation.lookups
    year, limit = data.settings.budget_year, data.settings.warn_price_change
    for committee in data.committees:
        for group in lookups.groups_of(committee):
            if group.price_year >= year or group.price == 0:
                continue
            indexed = lookups.price(committee, group, year)
            change = indexed / group.price - 1
            if abs(change) > limit:
                yield warning(group.source("price_year"),
                              f'prislappen för "{group.name}" hos {committee.code} gäller {group.price_year} och'
                              f" räknas upp {_signed_share(change)} till {year}, från {format_kronor(group.price)}"
                              f" till {format_kronor(indexed.quantize(Decimal(1)))}; väntade högst"
                              f" {format_share(limit)} ({SETTING['warn_price_change']}); ange en aktuell prislapp"
                              f" eller kontrollera prisåret")


# --- Frames ----------------------------------------------------------------------------------

MODEL_NAMES = {TRADITIONAL: "traditionell modell", PRICE_TAG: "prislappsmodellen"}
OTHER_CHAIN = {FrameModel.TRADITIONAL: "price_tag", FrameModel.PRICE_TAG: "traditional"}


class Driver(NamedTuple):
    """What moves a frame most: its line (`component`), the detail in it, and the amount shown."""

    component: str
    line: Line
    amount: Decimal


def _driver(frame: Frame, key: Callable[[Decimal], Decimal], previous: Frame | None = None) -> Driver | None:
    """The line of `frame` (and in it the detail) with the largest `key(amount)`, the base left out:
    what moves the frame most. In the price-tag model, whose tag lines are whole amounts rather
    than changes, a line is measured as its change against `previous` (the year before's frame)."""
    lines = [line for line in frame.lines if line.component not in (BASE, TECHNICAL_BASE)]
    if not lines:
        return None
    if frame.model == PRICE_TAG and previous is not None:
        changes = [(line, line.amount - previous.component(line.component)) for line in lines]
        line, amount = max(changes, key=lambda item: key(item[1]))
        return Driver(line.component, line, amount)
    top = line = max(lines, key=lambda found: key(found.amount))
    while line.details:
        line = max(line.details, key=lambda found: key(found.amount))
    return Driver(top.component, line, line.amount)


def _driver_text(driver: Driver | None, change: bool = False) -> tuple[str, Source | None]:
    """The driver as text, with its inputs' cells; and the first of those cells."""
    if driver is None:
        return "", None
    sources = [i.source for i in driver.line.inputs if _cell(i.source)]
    where = f" ({_cells(sources)})" if sources else ""
    amount = format_kronor(driver.amount)
    amount = f"+{amount}" if change and driver.amount > 0 else amount
    return f"; störst påverkan har {driver.line.label}: {amount}{where}", (sources[0] if sources else None)


def _place(committee: Committee | None, source: Source | None) -> Source | None:
    return source or (committee.source("code") if committee else None)


def negative_frames(calculation: Calculation) -> Iterator[Problem]:
    """A negative frame of any committee and year: by the committee's own model (with balancing)
    and, where that is not negative, by the other model (the comparison). One warning for the
    first year of a run of negative years, which names the later ones (they follow from it)."""
    committees = {c.code: c for c in calculation.data.committees}
    negative_own = {(f.committee, f.year) for f in calculation.frames if f.total < 0}
    other = [f for model in FrameModel if any(c.model is model for c in committees.values())
             for f in getattr(calculation, OTHER_CHAIN[model])
             if committees[f.committee].model is model and (f.committee, f.year) not in negative_own]
    for chain in (calculation.frames, other):
        negative: dict[tuple[str, str], list[Frame]] = {}
        for frame in chain:
            if frame.total < 0:
                negative.setdefault((frame.committee, frame.model), []).append(frame)
        for frames in negative.values():
            run = frames[:1]
            for frame in frames[1:]:
                if frame.year != run[-1].year + 1:
                    yield _negative(run, committees[frame.committee])
                    run = []
                run.append(frame)
            yield _negative(run, committees[run[0].committee])


def _negative(run: list[Frame], committee: Committee) -> Problem:
    frame = run[0]
    later = ""
    if len(run) > 1:
        years = f"{run[1].year}" if len(run) == 2 else f"{run[1].year}–{run[-1].year}"
        later = f" (och negativ även {years})"
    text, source = _driver_text(_driver(frame, lambda amount: -amount))
    return warning(_place(committee, source),
                   f"ramen för {frame.committee} {frame.year} ({MODEL_NAMES[frame.model]}) är"
                   f" {format_kronor(frame.total)}{later}; väntade en ram på 0 kr eller mer{text}; kontrollera indata")


def frame_changes(calculation: Calculation) -> Iterator[Problem]:
    """A frame (by the committee's own model) that changes by more than `warn_frame_change` from the
    year before: the adopted frame before the budget year, then the frame computed the year before.
    Frames that a balancing requirement moves most are one warning per year, at the setting."""
    data, lookups = calculation.data, calculation.lookups
    settings = data.settings
    limit = settings.warn_frame_change
    committees = {c.code: c for c in data.committees}
    previous: dict[str, tuple[int, Decimal, Frame | None]] = {}
    for committee in data.committees:
        adopted = lookups.adopted.get((committee.code, settings.budget_year - 1))
        if adopted is not None:
            previous[committee.code] = (adopted.year, adopted.frame, None)
    balanced: dict[int, list[tuple[Frame, Decimal]]] = {}
    for frame in calculation.frames:
        before = previous.get(frame.committee)
        previous[frame.committee] = (frame.year, frame.total, frame)
        if before is None or before[1] <= 0 or frame.total < 0:
            continue  # (a negative frame is warned for by negative_frames)
        change = frame.total / before[1] - 1
        if abs(change) <= limit:
            continue
        driver = _driver(frame, abs, before[2])
        if driver is not None and driver.component == BALANCING:
            balanced.setdefault(frame.year, []).append((frame, change))
            continue
        text, source = _driver_text(driver, change=True)
        yield warning(_place(committees[frame.committee], source),
                      f"ramen för {frame.committee} {frame.year} är {format_kronor(frame.total)},"
                      f" {_signed_share(change)} mot {before[0]} ({format_kronor(before[1])}); väntade en förändring på"
                      f" högst {format_share(limit)} ({SETTING['warn_frame_change']}){text}; kontrollera indata")
    for year, found in balanced.items():
        requirement = sum((frame.component(BALANCING) for frame, _ in found), Decimal(0))
        listed = ", ".join(f"{frame.committee} {_signed_share(change)}" for frame, change in found)
        yield warning(settings.source("balancing"),
                      f"balanseringskravet {year} ändrar ramarna mer än {format_share(limit)}"
                      f" ({SETTING['warn_frame_change']}) mot året före: {listed}; deras del av kravet är"
                      f" {format_kronor(requirement)}; kontrollera det som gör att ramarna överskrider utrymmet {year}")


# --- Running the rules -----------------------------------------------------------------------

INPUT_RULES: tuple[InputRule, ...] = (population_jumps, index_rates, decisions_larger_than_frames)
VERSION_RULES: tuple[VersionRule, ...] = (price_tags_between_versions,)
RESULT_RULES: tuple[ResultRule, ...] = (stale_price_tags, negative_frames, frame_changes, allocation_beyond_frame,
                                        unit_volumes_against_groups)


def check(calculation: Calculation, workbook: PlanningData | None = None) -> tuple[Problem, ...]:
    """Every plausibility warning of a computed version: the input rules on its data, the version
    rules against `workbook` (every version's rows; default: the data itself), the result rules."""
    data = calculation.data
    found: list[Problem] = []
    for rule in INPUT_RULES:
        found.extend(rule(data))
    for version_rule in VERSION_RULES:
        found.extend(version_rule(workbook if workbook is not None else data, data))
    for result_rule in RESULT_RULES:
        found.extend(result_rule(calculation))
    return tuple(dict.fromkeys(found))

