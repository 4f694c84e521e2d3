"""The worksheet functions called as Excel calls them (ranges as lists of lists, None for
empty, numbers as floats), compared with the core on Exempelstad: every committee, year,
model, version and component, the explanation, the list and the balance; and the cell texts
for everything that can go wrong.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from addin_support import FakeRange, berakna_json, example_workbook, table_ranges

from ramkalk.addin.functions import RAM, RAMBALANS, RAMFORKLARING, RAMLISTA, RAMMODELL
from ramkalk.addin.models import MODELS, PREFIX
from ramkalk.schema import versions
from ramkalk.schema.inputs import FrameModel
from ramkalk.workbook import pipeline


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return example_workbook(tmp_path_factory.mktemp("tillagg"))


@pytest.fixture(scope="module")
def ranges(workbook):
    return table_ranges(workbook)


@pytest.fixture
def model(ranges) -> str:
    MODELS.clear()
    return RAMMODELL(*copy.deepcopy(ranges))


@pytest.fixture(scope="module")
def beräkna(workbook) -> dict[tuple[str, int], dict]:
    return berakna_json(workbook)


@pytest.fixture(scope="module")
def core(workbook):
    """The core's calculation of the workbook file, by version (None: the default)."""
    data = pipeline.check_file(workbook)

    def of(version: str | None):
        return pipeline.calculate_all(pipeline.check_file(workbook, version)) if version else \
            pipeline.calculate_all(data)

    return of


def test_the_model_cell_counts_its_warnings_in_the_right_number(ranges):
    MODELS.clear()
    for unknown, text in ((["Valuta"], "0 fel, 1 varning"), (["Valuta", "Färg"], "0 fel, 2 varningar")):
        changed = copy.deepcopy(ranges)
        changed[0] += [[key, "x"] for key in unknown]  # settings nobody knows: a warning each
        assert RAMMODELL(*changed).endswith(text)


def test_the_model_cell_names_the_municipality_and_changes_with_every_input(ranges, model):
    assert model.startswith(PREFIX) and "Exempelstad 2027" in model and model.endswith("0 fel")
    assert RAMMODELL(*copy.deepcopy(ranges)) == model, "same inputs, same reference"
    for table, row, column in ((1, 3, 2), (3, 1, 1), (len(ranges) - 1, 1, 1)):
        changed = copy.deepcopy(ranges)
        value = changed[table][row][column]
        changed[table][row][column] = value + 1.0 if isinstance(value, float) else f"{value}x"
        assert RAMMODELL(*changed) != model, f"en ändring i område {table} ska ändra modellreferensen"


def test_every_frame_and_component_agrees_with_ramkalk_berakna(model, beräkna):
    assert beräkna
    for (code, year), found in beräkna.items():
        assert RAM(model, code, float(year)) == float(found["ram"])
        assert RAM(model, code, float(year), None, None, "engångs") == float(found["engångs"])
        for component, amount in found["komponenter"].items():
            assert RAM(model, code, float(year), None, None, component) == float(amount), (code, year, component)
            assert RAM(model, code.lower(), str(year), "", "", component.upper()) == float(amount)


@pytest.mark.parametrize("model_type", list(FrameModel))
def test_both_models_agree_with_the_core(model, core, model_type):
    calculation = core(None)
    for committee in calculation.data.committees:
        for year in calculation.data.settings.years:
            frame = calculation.frame(committee.code, year, model_type)
            assert RAM(model, committee.code, float(year), None, model_type.value) == float(frame.total)
            for key, amount in frame.amounts:
                assert RAM(model, committee.code, float(year), None, model_type.value.upper(), key) == float(amount)


def test_every_version_agrees_with_the_core(model, core, workbook):
    names = versions.names(pipeline.check_file(workbook).data)
    assert len(names) > 4, "Exempelstad ska ha ett scenario utöver processversionerna"
    for version in names:
        calculation = core(version)
        for frame in calculation.frames:
            assert RAM(model, frame.committee, float(frame.year), version) == float(frame.total), version


def test_the_explanation_lists_every_line_and_adds_up(model, core):
    calculation = core(None)
    for frame in calculation.frames:
        rows = RAMFORKLARING(model, frame.committee, float(frame.year))
        assert rows[0] == ["Komponent", "Rad", "Belopp", "Regel", "Indata"]
        assert [(r[0], r[1], r[2], r[3]) for r in rows[1:-1]] == [
            (line.component, line.label, float(line.amount), line.rule) for line in frame.lines]
        assert rows[-1][2] == float(frame.total) == sum(r[2] for r in rows[1:-1])


def test_the_list_has_every_committee_and_the_sum(model, core):
    calculation = core(None)
    for year in calculation.data.settings.years:
        rows = RAMLISTA(model, float(year))
        expected = [[c.code, c.name, float(calculation.frame(c.code, year).total)] for c in calculation.data.committees]
        assert rows[1:-1] == expected and rows[-1] == ["Summa", "", sum(r[2] for r in expected)]
        price_tag = RAMLISTA(model, float(year), None, "Prislapp")
        assert [r[2] for r in price_tag[1:-1]] == [
            float(calculation.frame(c.code, year, FrameModel.PRICE_TAG).total) for c in calculation.data.committees]


def test_the_balance_agrees_with_the_core(model, core):
    calculation = core(None)
    assert calculation.balances
    for found in calculation.balances:
        rows = dict((r[0], r[1]) for r in RAMBALANS(model, float(found.year))[1:])
        assert rows["Utrymme för nämndernas ramar"] == float(found.room.total)
        assert rows["Σ ramar"] == float(found.frames) and rows["Balanseringskrav"] == float(found.balancing)
        assert rows["Differens: Σ ramar − utrymme"] == float(found.gap)
        assert sum(float(line.amount) for line in found.room.lines) == float(found.room.total)


@pytest.mark.parametrize("arguments, expected", [
    (("XYZ", 2027.0), 'Okänd nämnd "XYZ"; kända nämnder: KS'),
    (("GSN", 2040.0), "2040 är inte ett beräknat år; ramarna beräknas för 2027–2030"),
    (("GSN", None), " är inte ett beräknat år"),
    (("GSN", 2027.0, "Juli"), 'Okänd version "Juli"; välj en av: Juni, Augusti, Oktober, November'),
    (("GSN", 2027.0, None, "Budget"), 'Okänd modelltyp "Budget"; välj Traditionell eller Prislapp'),
    (("GSN", 2027.0, None, None, "uppräknig"), 'Okänd komponent "uppräknig"; ramens komponenter: bas, uppräkning'),
])
def test_a_wrong_argument_gives_a_swedish_text(model, arguments, expected):
    assert expected in RAM(model, *arguments)


def test_a_component_the_frame_lacks_is_zero_and_spills_give_texts(model):
    assert RAM(model, "GSN", 2027.0, None, "Traditionell", "balansering") == 0.0
    assert RAMLISTA(model, 2040.0).startswith("2040 är inte")
    assert RAMFORKLARING(model, "XYZ", 2027.0).startswith("Okänd nämnd")


def test_a_model_from_an_earlier_session_says_what_to_press_and_never_gives_a_number(ranges, model):
    value = RAM(model, "GSN", 2027.0)
    MODELS.clear()  # Excel reopened: Python's memory is empty, the cell still shows the old text
    for result in (RAM(model, "GSN", 2027.0), RAMLISTA(model, 2027.0), RAMBALANS(model, 2027.0),
                   RAMFORKLARING(model, "GSN", 2027.0)):
        assert isinstance(result, str) and "finns inte i minnet" in result and "Ctrl+Alt+F9" in result
    assert RAMMODELL(*copy.deepcopy(ranges)) == model  # the recalculation Ctrl+Alt+F9 starts with
    assert RAM(model, "GSN", 2027.0) == value


def test_the_first_argument_must_be_the_model_cell(model):
    assert RAM(None, "GSN", 2027.0).startswith("Första argumentet ska vara modellcellen")
    assert RAM(42.0, "GSN", 2027.0).startswith("Första argumentet ska vara modellcellen")


def test_the_tables_may_come_in_any_order_and_a_text_may_name_one(ranges, model):
    reordered = copy.deepcopy(ranges)[::-1]
    assert RAMMODELL(*reordered).split(" · ")[1:] == model.split(" · ")[1:]
    tables = copy.deepcopy(ranges)
    assert RAMMODELL("Inställningar", *tables).split(" · ")[1:] == model.split(" · ")[1:]
    assert RAMMODELL([["inställningar"]], *tables).split(" · ")[1:] == model.split(" · ")[1:]
    wrong = RAMMODELL("Nämnder", *tables)  # the settings named as Nämnder: then Nämnder comes twice
    assert wrong.startswith("Fel i modellen: område 2: tabellen Nämnder har redan getts")


def test_a_table_with_extra_columns_and_rows_elsewhere_reads_the_same(ranges, model):
    moved = copy.deepcopy(ranges)
    moved[1] = [[*row, "anteckning" if number else "Kommentar"] for number, row in enumerate(moved[1])]
    moved[1] = [[row[-1], *row[:-1]] for row in moved[1]]
    result = RAMMODELL(*moved)
    assert result != model and result.split(" · ")[1:3] == model.split(" · ")[1:3]
    assert result.split(" · ")[3] == "0 fel, 1 varning"  # the unknown column "Kommentar" is named, not read
    assert RAM(result, "GSN", 2027.0) == RAM(model, "GSN", 2027.0)


def test_problems_in_values_alone_are_named_by_table_row_and_column(ranges):
    """xlwings Lite (and a formula engine) hands over values only: a cell is named in words."""
    MODELS.clear()
    bad = copy.deepcopy(ranges)
    bad[1][3][2] = "ca 60 %"
    assert RAMMODELL(*bad).startswith("Fel i modellen: tabellen Nämnder, rad 3 (GSN), kolumnen Personalkostnadsandel:"
                                      ' väntade ett tal (personalkostnadsandel), fick "ca 60 %"')
    assert RAMMODELL(*bad[1:]).startswith("Fel i modellen: Inställningar: tabellen Inställningar saknas")
    assert RAMMODELL(*ranges, [["Vad", "Är"], [1.0, 2.0]]).startswith(
        f"Fel i modellen: område {len(ranges) + 1}: känns inte igen som någon tabell: första raden har Vad, Är")
    assert "har redan getts" in RAMMODELL(*ranges, ranges[1])
    assert RAM(RAMMODELL(*bad), "GSN", 2027.0).startswith("Modellcellen visar ett fel")


def _on_blad3(ranges) -> list[FakeRange]:
    """Every table on the user's sheet Blad3, one under the other from B10, as classic xlwings hands
    them over: ranges whose sheet and address are known."""
    placed, top = [], 10
    for rows in ranges:
        placed.append(FakeRange("Blad3", f"$B${top}:$Z${top + len(rows) - 1}", rows))
        top += len(rows) + 1
    return placed


def test_problems_in_ranges_are_named_at_the_users_own_cells(ranges):
    """Classic xlwings hands over the ranges themselves: a cell is the user's sheet and cell."""
    MODELS.clear()
    bad = copy.deepcopy(ranges)
    bad[1][3][2] = "ca 60 %"  # Nämnder starts at B(10 + len(settings) + 1): the header row, then KS, FSN, GSN
    top = 10 + len(ranges[0]) + 1
    text = RAMMODELL(*_on_blad3(bad))
    assert text.startswith(f'Fel i modellen: Blad3!D{top + 3}: väntade ett tal (personalkostnadsandel), fick "ca 60 %"')
    model = RAMMODELL(*_on_blad3(ranges))
    assert model.startswith(PREFIX) and model.split(" · ")[1:] == RAMMODELL(*copy.deepcopy(ranges)).split(" · ")[1:]
    assert model != RAMMODELL(*copy.deepcopy(ranges)), "the place is part of the model: its messages name it"
    assert RAM(model, "GSN", 2027.0) == RAM(RAMMODELL(*copy.deepcopy(ranges)), "GSN", 2027.0)
    named = RAMMODELL(FakeRange("Blad3", "$A$1", [["Inställningar"]]), *_on_blad3(ranges))
    assert named.split(" · ")[1:] == model.split(" · ")[1:], "a one-cell range with a text names the next range"
    unknown = RAMMODELL(*_on_blad3(ranges), FakeRange("Blad4", "$C$5:$D$6", [["Vad", "Är"], [1.0, 2.0]]))
    assert unknown.startswith(f"Fel i modellen: område {len(ranges) + 1} (Blad4!C5): känns inte igen")


def test_the_explanations_inputs_are_named_as_the_messages_name_them(ranges):
    MODELS.clear()
    index_top = 10 + sum(len(rows) + 1 for rows in ranges[:2])  # Index comes third
    placed = RAMFORKLARING(RAMMODELL(*_on_blad3(ranges)), "GSN", 2027.0)
    alone = RAMFORKLARING(RAMMODELL(*copy.deepcopy(ranges)), "GSN", 2027.0)
    indexation = next(i for i, row in enumerate(alone) if row[0] == "uppräkning")
    row = int(re.search(r"tabellen Index, rad (\d+) \(2027\), kolumnen Löneökning", alone[indexation][4]).group(1))
    assert f"löneökning 2027 = 3,3 % (Blad3!C{index_top + row}; SKR" in placed[indexation][4]
    assert [row[:4] for row in placed] == [row[:4] for row in alone]
    assert "Index!" not in placed[indexation][4] + alone[indexation][4], "never our sheet names for the user's cells"


def test_classic_xlwings_hands_over_a_range_as_the_range_and_a_typed_text_as_values(monkeypatch):
    """`ramkalk.addin.xl.range_or_values` through xlwings' own conversion (as `udfs.call_udf` converts an
    argument): a range stays the range, a text typed into the formula reads as without a converter,
    where xlwings' "range" converter would give None."""
    import xlwings
    from xlwings import conversion

    from ramkalk.addin.xl import range_or_values

    # Excel's engine (Windows only) cleans a typed value; off Windows a stand-in that keeps it
    excel = SimpleNamespace(impl=SimpleNamespace(clean_value_data=lambda value, *options: value))
    monkeypatch.setattr(xlwings, "engines", {"excel": excel})
    options = {"convert": range_or_values(), "ndim": 2, "err_to_str": True}
    found = FakeRange("Blad3", "$B$10:$C$11", [["Nyckel", "Värde"], ["Kommun", "X"]])
    assert conversion.read(found, None, options) is found
    assert conversion.read(None, "Beslut", options) == [["Beslut"]]
    assert conversion.read(None, "Beslut", {**options, "convert": "range"}) is None
