"""Computing a municipality: both models for every committee, the frames, and the balance.

`calculate` returns a `Calculation`:
- `frames`: each committee's frame by its own model (Nämnder: Modell), with a balancing
  requirement where the workbook asks for one; these are "the" frames;
- `traditional` and `price_tag`: every committee by each model, without balancing, for
  the side-by-side comparison (the difference is the "arv");
- `balances`: per year with revenues, the frames against the room.

Every chain runs year by year over all committees, because a balancing requirement for a
year depends on every committee's frame that year. The comparison chains are computed
only when asked for. Pure: no files.
"""

from __future__ import annotations

from functools import cached_property, partial
from types import ModuleType
from typing import Callable

from ramkalk.core.frame import Frame, Previous
from ramkalk.rules import components, price_tag, traditional
from ramkalk.rules.balance import Balance, Room, balance, balanced, room
from ramkalk.rules.lookups import Lookups
from ramkalk.schema import versions
from ramkalk.schema.inputs import BalancingRule, Committee, FrameModel, PlanningData

MODELS: dict[FrameModel, ModuleType] = {FrameModel.TRADITIONAL: traditional, FrameModel.PRICE_TAG: price_tag}

Adjust = Callable[[int, list[Frame]], list[Frame]]
CHAINS = {None: "frames", FrameModel.TRADITIONAL: "traditional", FrameModel.PRICE_TAG: "price_tag"}
"""The `Calculation` attribute holding the frames by the committee's own model (None) or by a model."""


def run_chain(data: PlanningData, lookups: Lookups, model_of: Callable[[Committee], ModuleType],
              adjust: Adjust | None = None) -> tuple[Frame, ...]:
    """Every committee's frames for every year by `model_of(committee)`, committee by committee.

    `adjust` may change a whole year's frames (balancing) before the next year starts from them.
    """
    committees, years = data.committees, data.settings.years
    supplements = tuple(s for s in components.SUPPLEMENTS if s.used(lookups))
    previous = {c.code: model_of(c).start(c, years[0], lookups) for c in committees}
    by_committee: dict[str, list[Frame]] = {c.code: [] for c in committees}
    for year in years:
        frames = [supplemented(model_of(c).frame_for_year(c, year, previous[c.code], lookups), c, lookups,
                               supplements) for c in committees]
        if adjust is not None:
            frames = adjust(year, frames)
        for frame in frames:
            previous[frame.committee] = Previous.of(frame)
            by_committee[frame.committee].append(frame)
    return tuple(frame for code in by_committee for frame in by_committee[code])


def supplemented(frame: Frame, committee: Committee, lookups: Lookups, supplements: tuple[ModuleType, ...]) -> Frame:
    """The model's frame with the lines of `supplements` (`ramkalk.rules.components.SUPPLEMENTS`)
    it has. Like the model's own lines, each is built only when the frame's lines are read."""
    for supplement in supplements:
        amount = supplement.amount(committee, frame.year, lookups)
        if amount is not None:
            frame = frame.with_component(supplement.COMPONENT.key, amount,
                                         partial(supplement.line, committee, frame.year, lookups),
                                         supplement.COMPONENT.one_off)
    return frame


class Calculation:
    """A municipality computed; see the module docstring. Attributes are computed on first use."""

    def __init__(self, data: PlanningData) -> None:
        self.data = data = versions.select(data, data.version)  # rows of other versions never count
        self.lookups = Lookups(data)
        self.rooms: dict[int, Room] = {
            year: found for year in data.settings.years if (found := room(data, year)) is not None
        }
        self._indexed: dict[FrameModel | None, dict[tuple[str, int], Frame]] = {}

    @cached_property
    def traditional(self) -> tuple[Frame, ...]:
        return run_chain(self.data, self.lookups, lambda c: traditional)

    @cached_property
    def price_tag(self) -> tuple[Frame, ...]:
        return run_chain(self.data, self.lookups, lambda c: price_tag)

    @cached_property
    def frames(self) -> tuple[Frame, ...]:
        rule = self.data.settings.balancing
        models = {c.model for c in self.data.committees}
        if rule is BalancingRule.NONE and models <= {FrameModel.TRADITIONAL}:
            return self.traditional
        if rule is BalancingRule.NONE and models == {FrameModel.PRICE_TAG}:
            return self.price_tag
        return run_chain(self.data, self.lookups, lambda c: MODELS[c.model], self._balance_year)

    @cached_property
    def balances(self) -> tuple[Balance, ...]:
        return tuple(balance(self.rooms[year], self.frames_of_year(year)) for year in self.rooms)

    def frames_of_year(self, year: int) -> list[Frame]:
        return list(self._frames_by_year.get(year, ()))

    @cached_property
    def _frames_by_year(self) -> dict[int, list[Frame]]:
        """Year -> the frames of that year in the order of `frames`: grouped in one pass, not per year."""
        by_year: dict[int, list[Frame]] = {}
        for frame in self.frames:
            by_year.setdefault(frame.year, []).append(frame)
        return by_year

    def frame(self, committee: str, year: int, model: FrameModel | None = None) -> Frame:
        """One frame: by the committee's own model (balanced), or by the model named (unbalanced).

        Only the chain asked for is computed; each chain is indexed once by (committee, year).
        Raises KeyError for a committee or year that is not computed (callers check first)."""
        index = self._indexed.get(model)
        if index is None:
            chain = getattr(self, CHAINS[model])
            index = self._indexed[model] = {(f.committee, f.year): f for f in chain}
        return index[(committee, year)]

    def _balance_year(self, year: int, frames: list[Frame]) -> list[Frame]:
        year_room = self.rooms.get(year)
        if year_room is None:
            return frames
        return balanced(frames, self.data.committees, year_room, self.data.settings.balancing)


def calculate(data: PlanningData) -> Calculation:
    """Compute `data` (which must have passed validation)."""
    return Calculation(data)
