"""`compare` (ramkalk jämför) against the obvious way: apply the changes one at a time to the whole
workbook and recompute every frame after each. Without a balancing requirement the effects must
be the same to the krona; with one, the effects plus the balancing row must add up to each
frame's difference."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from small_workbook import smaby

from ramkalk.calculation.frames import Calculation
from ramkalk.calculation.validation import validate_selected
from ramkalk.calculation.version_diff import _apply, _changes, compare
from ramkalk.core.problems import has_errors
from ramkalk.example.municipality import exempelstad
from ramkalk.schema import versions
from ramkalk.schema.inputs import BalancingRule, CostShare, PlanningData
from ramkalk.schema.tables import TABLES

D = Decimal


def without_balancing(data: PlanningData) -> PlanningData:
    return dataclasses.replace(data, settings=dataclasses.replace(data.settings, balancing=BalancingRule.NONE))


def full_recalculation(data: PlanningData, first: str, second: str) -> list[tuple[int, dict]]:
    """(number of changes, effects) per step, each step a whole recalculation."""
    start, end = versions.select(data, first), versions.select(data, second)
    changes = [change for table in TABLES if table.versioned for change in _changes(table, start, end)]
    frames = {(f.committee, f.year): f.total for f in Calculation(start).frames}
    steps, pending, now = [], 0, start
    for number, change in enumerate(changes):
        pending += 1
        now = _apply(now, change)
        if number < len(changes) - 1 and has_errors(validate_selected(now, now)):
            continue
        after = {(f.committee, f.year): f.total for f in Calculation(now).frames}
        steps.append((pending, {key: after[key] - frames[key] for key in after if after[key] != frames[key]}))
        pending, frames = 0, after
    return steps


def test_without_balancing_every_effect_is_that_of_a_full_recalculation():
    data = without_balancing(exempelstad())
    for first, second in (("Juni", "November"), ("Juni", "Högre löner"), ("November", "Juni")):
        comparison = compare(data, first, second)
        assert [(len(step.changes), step.effects) for step in comparison.steps] == \
            full_recalculation(data, first, second)
        assert comparison.balancing == {}


def test_with_balancing_the_effects_and_the_balancing_add_up_to_the_difference():
    data = exempelstad()
    comparison = compare(data, "Juni", "November")
    unbalanced = compare(without_balancing(data), "Juni", "November")
    assert [step.effects for step in comparison.steps] == [step.effects for step in unbalanced.steps]
    assert comparison.balancing  # from 2028 the frames exceed the room in Exempelstad
    assert {year for _, year in comparison.balancing} <= set(data.settings.years) - {2027}
    for key, (before, after) in comparison.frames.items():
        moved = sum((amount for _, amount in comparison.effects_of(*key)), D(0))
        assert before + moved + comparison.balancing.get(key, D(0)) == after, key


def test_changes_that_only_validate_together_are_one_step():
    """GSN's cost structure 60/40 becomes 50/50 in October: after the first row alone the shares
    add up to 90 %, which does not validate, so both rows are one step."""
    data = exempelstad()
    shares = [row for row in data.cost_structure if row.committee == "GSN"][:2]
    moved = (CostShare("GSN", shares[0].cost_type, D("0.5"), version="Oktober"),
             CostShare("GSN", shares[1].cost_type, shares[1].share + shares[0].share - D("0.5"), version="Oktober"))
    changed = without_balancing(dataclasses.replace(data, cost_structure=data.cost_structure + moved))
    comparison = compare(changed, "Juni", "Oktober")
    merged = [step for step in comparison.steps if step.changes[0].table.field == "cost_structure"]
    assert len(merged) == 1 and len(merged[0].changes) == 2
    assert {code for code, _ in merged[0].effects} == {"GSN"}
    assert [(len(step.changes), step.effects) for step in comparison.steps] == \
        full_recalculation(changed, "Juni", "Oktober")


def test_every_kind_of_row_moves_what_a_full_recalculation_moves():
    """Småby has a row in every sheet: an October version changes a row of each versioned table that
    moves a frame (a committee's own row, or a shared one such as Index or Volymmått), and each step's
    effect is still that of a full recalculation."""
    data = without_balancing(smaby())

    def october(rows: tuple, **changed: object) -> tuple:
        """`rows` and the first of them changed in the version Oktober."""
        return rows + (dataclasses.replace(rows[0], version="Oktober", **changed),)

    def of_year(rows: tuple, year: int, **changed: object) -> tuple:
        """`rows` and the row of `year` changed in the version Oktober."""
        return rows + october(tuple(r for r in rows if r.year == year), **changed)[-1:]

    changed = dataclasses.replace(
        data,
        index=of_year(data.index, 2027, wage_increase=D("0.04")),
        committee_rates=october(data.committee_rates, efficiency=D("0.015")),
        frame_parts=october(data.frame_parts, amount=D(2_000_000)),
        volume_drivers=october(data.volume_drivers, price=D(45_000)),
        measures=of_year(data.measures, 2028, count=D(130)),
        decisions=october(data.decisions, amount=D(4_000_000)),
        volume_groups=october(data.volume_groups, price=D(150_000)),
        internal_prices=october(data.internal_prices, rate=D("0.06")),
    )
    comparison = compare(changed, "Juni", "Oktober")
    assert [step.changes[0].table.sheet for step in comparison.steps if step.effects] == [
        "Index", "Nämndsatser", "Ramdelar", "Volymgrupper", "Volymmått", "Beslut", "Internpriser"]
    assert [(len(step.changes), step.effects) for step in comparison.steps] == \
        full_recalculation(changed, "Juni", "Oktober")
