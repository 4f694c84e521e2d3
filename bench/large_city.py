"""Benchmark fixture: Storstad (`ramkalk.example.large_city`) as a planning workbook and its
filled-in returned planning templates, cached under /tmp so reruns are fast.

The returns: 500 × scale by default, in rounds as a large city receives them. The templates of
each process version (Juni, Augusti, Oktober, November) are generated as `ramkalk underlag
--version …` does, and each committee returns its template twice per version (a first return
and a corrected one), so 60 committees × 4 versions × 2 = 480, and a third November round (late
corrections) from the first 20 committees makes 500. A round is one folder, one `ramkalk konsolidera --version …`
run: `konsolidera` refuses two new returns from one committee in one run. The returns are filled
by tests/consolidation_support.fill_return (openpyxl, the budget adding up to the frame shown,
two requests, a measure, a volume estimate, for every year of the template: 6 here), its round
given, so that they differ from round to round and each is a new file to the archive.

`part` keeps only the first committees of Storstad (with their rows; revenues and central
items in proportion), for `bench_scaling.py --quick`. The cache folder is keyed by scale, part,
number of returns and a digest of the code that makes the files; a folder is complete when it
has the file `klar`, written last.

    python bench/large_city.py [SKALA] [ANTAL_UNDERLAG]
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # (the tests' way to fill a template)
import consolidation_support  # noqa: E402
from consolidation_support import fill_return  # noqa: E402

from ramkalk.example import large_city as city_module  # noqa: E402
from ramkalk.example.large_city import large_city
from ramkalk.schema.inputs import PlanningData
from ramkalk.schema.versions import PROCESS
from ramkalk.templates.content import content
from ramkalk.templates.generator import Options, build_template, file_name
from ramkalk.templates.layout import LAYOUT_VERSION
from ramkalk.workbook import pipeline
from ramkalk.workbook.writer import write_workbook

CACHE = Path(tempfile.gettempdir()) / "ramkalk-bench-storstad"
RETURNS = 500  # per scale unit
ROUNDS_PER_VERSION = 2
CREATED = date(2026, 6, 20)  # the templates' date, so the cached files do not depend on the day they were made
DONE = "klar"
WORKBOOK = "storstad.xlsx"


@dataclass(frozen=True)
class Round:
    """One folder of returns, consolidated in one run as of `version`."""

    version: str
    folder: Path

    @property
    def files(self) -> list[Path]:
        return sorted(self.folder.iterdir())


@dataclass(frozen=True)
class Fixture:
    """The planning workbook, its committees and the rounds of filled returns."""

    workbook: Path
    committees: int
    rounds: tuple[Round, ...]

    @property
    def returns(self) -> list[Path]:
        return [path for round_ in self.rounds for path in round_.files]


def part_of(data: PlanningData, committees: int) -> PlanningData:
    """The first `committees` committees of `data` with their rows; revenues and central items
    scaled by their share of the adopted frames of the year before the budget year."""
    kept = {c.code for c in data.committees[:committees]}
    year = data.settings.budget_year - 1
    share = (sum(f.frame for f in data.frames if f.year == year and f.committee in kept)
             / sum(f.frame for f in data.frames if f.year == year))

    def krona(amount: Decimal) -> Decimal:
        return (amount * share).quantize(Decimal(1))

    mine = {name: tuple(row for row in getattr(data, name) if row.committee in kept)
            for name in ("frames", "volume_groups", "decisions", "activities", "cost_structure", "participation",
                         "internal_services", "outcomes")}
    return dataclasses.replace(
        data, committees=data.committees[:committees], **mine,
        revenues=tuple(dataclasses.replace(r, taxes=krona(r.taxes), grants=krona(r.grants),
                                           financial_net=krona(r.financial_net)) for r in data.revenues),
        central_items=tuple(dataclasses.replace(c, amount=krona(c.amount)) for c in data.central_items))


def storstad(scale: int, part: int | None = None) -> PlanningData:
    """Storstad at `scale`, or its first `part` committees."""
    data = large_city(scale)
    return data if part is None else part_of(data, part)


def rounds(committees: int, returns: int) -> list[tuple[str, int, int]]:
    """(version, round, committees returning) for `returns` returns: ROUNDS_PER_VERSION rounds of
    every committee per version in order, then more November rounds (late corrections), the last
    round cut short."""
    plan = [(version, number) for version in PROCESS for number in range(1, ROUNDS_PER_VERSION + 1)]
    plan += [(PROCESS[-1], number) for number in range(ROUNDS_PER_VERSION + 1, returns // max(committees, 1) + 2)]
    found, left = [], returns
    for version, number in plan:
        if left > 0:
            found.append((version, number, min(left, committees)))
            left -= min(left, committees)
    return found


def _digest() -> str:
    code = b"".join(Path(m.__file__).read_bytes() for m in (city_module, consolidation_support, sys.modules[__name__]))
    return hashlib.sha256(code + LAYOUT_VERSION.encode()).hexdigest()[:12]


def _make(folder: Path, data: PlanningData, returns: int) -> None:
    workbook = folder / WORKBOOK
    write_workbook(data, workbook)
    budget_year = data.settings.budget_year
    templates: dict[str, dict[str, Path]] = {}
    for version in PROCESS:
        calculation = pipeline.calculate_all(pipeline.check_data(data, version))
        made = templates[version] = {}
        for committee in calculation.data.committees:
            path = folder / "mallar" / version / file_name(committee.code, budget_year)
            path.parent.mkdir(parents=True, exist_ok=True)
            build_template(content(calculation, committee, WORKBOOK),
                           Options(version=version, created=CREATED)).save(path)
            made[committee.code] = path
    for number, (version, round_, count) in enumerate(rounds(len(data.committees), returns), start=1):
        out = folder / "underlag" / f"{number:02d}-{version}-omgång{round_}"
        out.mkdir(parents=True)
        for committee in data.committees[:count]:
            template = templates[version][committee.code]
            fill_return(template, out / template.name, round_=round_)


def fixture(scale: int = 1, part: int | None = None, returns: int | None = None) -> Fixture:
    """Storstad at `scale` (or its first `part` committees) and `returns` filled returns (default
    RETURNS × scale), from the cache, made first if needed."""
    returns = RETURNS * scale if returns is None else returns
    key = f"skala{scale}" + (f"-del{part}" if part else "") + f"-underlag{returns}-{_digest()}"
    folder = CACHE / key
    data = storstad(scale, part)
    if not (folder / DONE).exists():
        print(f"Skapar {folder} ({len(data.committees)} nämnder, {returns} ifyllda underlag) …", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=CACHE))
        _make(building, data, returns)
        (building / DONE).write_text("klar\n", encoding="utf-8")
        building.rename(folder)
    found = tuple(Round(version, folder / "underlag" / f"{number:02d}-{version}-omgång{round_}")
                  for number, (version, round_, _count) in enumerate(rounds(len(data.committees), returns), start=1))
    return Fixture(folder / WORKBOOK, len(data.committees), found)


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    made = fixture(arguments[0] if arguments else 1, None, arguments[1] if len(arguments) > 1 else None)
    print(f"{made.workbook}: {made.committees} nämnder, {len(made.returns)} underlag i {len(made.rounds)} omgångar")
