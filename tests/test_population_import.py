"""`ramkalk befolkning`: files in SCB's layouts, written from Exempelstad's own population, become a
Befolkning table that `kontrollera` accepts and that gives Exempelstad's frames; and every problem
of a file is a located Swedish message, never a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import openpyxl
import population_files as files
import pytest

from ramkalk.cli import main
from ramkalk.schema.tables import POPULATION
from ramkalk.workbook.population_import import ImportOptions, count_value, import_files

LAYOUTS = {
    "bred.csv": files.wide_csv,
    "lång.csv": files.long_csv,
    "områden_semikolon.csv": files.district_csv,
    "folkmängd.px": files.px_file,
    "export.xlsx": files.xlsx_export,
    "pxweb.xlsx": files.pxweb_xlsx,
}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def frames_json(workbook: Path) -> list[dict]:
    code, out, err = run("beräkna", str(workbook), "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def exempelstad(tmp_path_factory) -> tuple[Path, list[dict]]:
    """Exempelstad's planning workbook and its frames as typed by hand (`ramkalk exempel`)."""
    path = tmp_path_factory.mktemp("exempelstad") / "exempelstad.xlsx"
    assert run("exempel", str(path))[0] == 0
    return path, frames_json(path)


def sheet_rows(path: Path) -> list[list[object]]:
    return [list(row) for row in openpyxl.load_workbook(path)[POPULATION.sheet].iter_rows(values_only=True)]


def with_population(workbook: Path, rows: list[list[object]], out: Path) -> Path:
    """A copy of `workbook` whose sheet Befolkning holds `rows` (header and data), as a user pastes them."""
    book = openpyxl.load_workbook(workbook)
    ws = book[POPULATION.sheet]
    ws.delete_rows(1, ws.max_row)
    for row in rows:
        ws.append(row)
    book.save(out)
    return out


@pytest.mark.parametrize("name", LAYOUTS)
def test_an_scb_file_gives_a_befolkning_table_that_kontrollera_accepts_and_the_same_frames(name, exempelstad,
                                                                                         tmp_path):
    workbook, frames = exempelstad
    source = LAYOUTS[name](tmp_path / name)
    out = tmp_path / "befolkning.xlsx"
    code, said, err = run("befolkning", str(source), "--utfall-till", "2025", "--ut", str(out))
    assert code == 0, err
    assert err == "" and "Skrev 808 rader till bladet Befolkning" in said and "2023–2030" in said
    earlier = tmp_path / "prognos_2024.xlsx"
    forecast = files.earlier_forecast_csv(tmp_path / "prognos_2024.csv")
    assert run("befolkning", str(forecast), "--prognosår", "2024", "--ut", str(earlier))[0] == 0
    imported = sheet_rows(out) + sheet_rows(earlier)[1:]
    assert imported[0] == [c.header for c in POPULATION.columns]
    assert imported == sheet_rows(workbook), "the same rows, types and layout as Exempelstad's own sheet"
    filled = with_population(workbook, imported, tmp_path / "importerad.xlsx")
    code, _, err = run("kontrollera", str(filled))
    assert code == 0, err
    assert frames_json(filled) == frames


def test_the_frames_follow_the_imported_table(exempelstad, tmp_path):
    """The comparison above can fail: 100 more seven-year-olds in the 2027 forecast move the frames."""
    workbook, frames = exempelstad
    rows = files.wide_rows(total_rows=False)
    rows[7][3 + files.years().index(2027)] += 100
    out = tmp_path / "befolkning.xlsx"
    assert run("befolkning", str(files.wide_csv(tmp_path / "f.csv", rows=rows)), "--utfall-till", "2025",
               "--ut", str(out))[0] == 0
    earlier = files.earlier_forecast_csv(tmp_path / "prognos_2024.csv")
    assert run("befolkning", str(earlier), "--prognosår", "2024", "--ut", str(tmp_path / "p.xlsx"))[0] == 0
    filled = with_population(workbook, sheet_rows(out) + sheet_rows(tmp_path / "p.xlsx")[1:], tmp_path / "ändrad.xlsx")
    assert run("kontrollera", str(filled))[0] == 0
    changed = {(f["nämnd"], f["år"]) for f, g in zip(frames_json(filled), frames) if f != g}
    assert ("GSN", 2027) in changed


def test_the_district_forecast_names_the_areas_it_summed_and_keeps_one_on_request(tmp_path):
    source = files.district_csv(tmp_path / "områden.csv")
    code, said, _ = run("befolkning", str(source), "--ut", str(tmp_path / "alla.xlsx"))
    assert code == 0 and "Summerade 2 områden: Östra Åby, Västra Älvnäs." in said
    one = import_files([source], ImportOptions(area="västra älvnäs"))
    table = files.counts()
    assert one.ok and one.areas == ("Västra Älvnäs",)
    assert {(r.year, r.age): int(r.count) for r in one.rows} == {
        key: files.by_district(count)["Västra Älvnäs"] for key, count in table.items()}


def test_type_and_forecast_year_follow_the_options(tmp_path):
    imported = import_files([files.wide_csv(tmp_path / "f.csv")], ImportOptions(outcome_until=2024, forecast_year=2025))
    kinds = {(r.year, r.kind.value, r.forecast_year) for r in imported.rows}
    assert kinds == {(2023, "Utfall", None), (2024, "Utfall", None),
                     *((y, "Prognos", 2025) for y in range(2025, 2031))}


def test_a_statistics_file_and_a_forecast_file_together(tmp_path):
    """SCB's outcomes 2023–2025 in one file, the forecast 2026–2030 in another: one table."""
    rows, years = files.wide_rows(), files.years()
    first = [r[:3] + r[3:6] for r in rows]
    second = [r[:3] + r[6:] for r in rows]
    a = files.wide_csv(tmp_path / "utfall.csv", [str(y) for y in years[:3]], first)
    b = files.wide_csv(tmp_path / "prognos.csv", [str(y) for y in years[3:]], second)
    imported = import_files([a, b], ImportOptions(outcome_until=2025))
    assert imported.ok and [(r.year, r.age, r.count) for r in imported.rows] == files.expected_rows()
    again = import_files([a, a])
    assert not again.ok and f"{a}:rad 4: 2023, 0 år finns också i {a}:rad 4" in str(again.problems[0])


@pytest.mark.parametrize("raw, expected", [
    ("1 234", 1234), ("1\u00a0234", 1234), ("612,0", 612), ("612", 612), (612.0, 612), (0, 0), ("0", 0),
])
def test_counts_in_the_forms_files_write_them(raw, expected):
    assert count_value(raw) == (expected, None)


@pytest.mark.parametrize("raw, message", [
    ("ca 12", 'väntade ett antal invånare, fick "ca 12"'),
    ("12,5", "väntade ett helt antal invånare, fick 12,5"),
    (12.5, "väntade ett helt antal invånare, fick 12.5"),
    ("-3", "väntade ett antal invånare (0 eller fler), fick -3"),
    ("..", 'väntade ett antal invånare, fick ".." (uppgift saknas i filen)'),
    ("", "väntade ett antal invånare, fick en tom cell"),
    (True, "väntade ett antal invånare, fick True"),
    ("NaN", 'väntade ett antal invånare, fick "NaN"'),
])
def test_a_count_that_is_not_a_whole_number_of_persons_is_an_error_never_a_zero(raw, message):
    count, said = count_value(raw)
    assert count is None and said.startswith(message)


# One test per located message: a wide CSV (title line 1, header line 3, "0 år" of men on line 4,
# "totalt ålder" of men on line 105, women from line 106) with one thing wrong.

def changed(tmp_path: Path, row: int, column: int, value: object, name: str = "fel.csv") -> Path:
    rows = files.wide_rows()
    rows[row][column] = value
    return files.wide_csv(tmp_path / name, rows=rows)


def only_problem(path: Path, options: ImportOptions = ImportOptions()) -> str:
    imported = import_files([path], options)
    assert not imported.ok and imported.rows == ()
    (problem,) = imported.problems
    return str(problem)


def test_a_text_in_a_number_cell_names_the_line_the_labels_and_the_text(tmp_path):
    path = changed(tmp_path, 7, 5, "ca 12")
    assert only_problem(path) == f'{path}:rad 11: 2025, 7 år, män: väntade ett antal invånare, fick "ca 12"'


def test_a_text_in_an_xlsx_cell_names_the_sheet_and_cell(tmp_path):
    path = files.xlsx_export(tmp_path / "export.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["F11"] = "12,5"
    book.save(path)
    assert only_problem(path) == f"{path}:Folkmängd!F11: 2025, 7 år, män: väntade ett helt antal invånare, fick 12,5"


def test_a_total_that_does_not_add_up_names_the_total_line_and_the_difference(tmp_path):
    rows = files.wide_rows()
    total = rows[101][3]
    path = changed(tmp_path, 101, 3, total + 5)
    assert only_problem(path) == (f"{path}:rad 105: summan stämmer inte: totalraden för 2023, alla åldrar, män säger"
                                  f" {total + 5}, delarna summerar till {total} (skillnad 5); filen är ändrad eller"
                                  " ofullständig: ladda ned tabellen igen")


def test_a_sex_total_that_does_not_add_up(tmp_path):
    path = files.long_csv(tmp_path / "lång.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[3].startswith('"1499 Exempelstad","0 år","totalt","2023",')
    lines[3] = lines[3].rsplit(",", 1)[0] + ",1"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert only_problem(path).startswith(f"{path}:rad 4: summan stämmer inte: totalraden för 2023, 0 år säger 1,")


def test_an_unknown_age_label(tmp_path):
    path = changed(tmp_path, 5, 1, "5-9 år")
    assert only_problem(path).startswith(f'{path}:rad 9: okänd åldersklass "5-9 år"; väntade ettårsklasser "0 år" …')


def test_an_unknown_sex(tmp_path):
    path = changed(tmp_path, 5, 2, "okänt")
    assert only_problem(path) == f'{path}:rad 9: okänt kön "okänt"; väntade "män", "kvinnor" eller "totalt"'


def test_a_duplicate_row_names_both_lines(tmp_path):
    rows = files.wide_rows(total_rows=False)
    rows[5] = list(rows[4])
    path = files.wide_csv(tmp_path / "dubbel.csv", rows=rows)
    problems = [str(p) for p in import_files([path]).problems]
    assert f"{path}:rad 9: 2023, 4 år, män finns två gånger (också {path}:rad 8); ta bort den ena" in problems
    assert any("saknar åldrarna 5" in p for p in problems) is False, "a file with errors is not also checked for gaps"


def test_a_missing_age_is_a_gap(tmp_path):
    rows = [r for r in files.wide_rows(total_rows=False) if r[1] != "7 år"]
    path = files.wide_csv(tmp_path / "lucka.csv", rows=rows)
    assert only_problem(path) == (f"{path}: 2023–2030 saknar åldern 7; ladda ned tabellen med alla ettårsklasser"
                                  " 0 år … 100+ år")
    rows = [r for r in rows if r[1] not in ("8 år", "9 år", "12 år")]
    path = files.wide_csv(tmp_path / "lucka.csv", rows=rows)
    assert only_problem(path).startswith(f"{path}: 2023–2030 saknar åldrarna 7–9, 12; ")


def test_a_missing_year_is_a_gap(tmp_path):
    years = files.years()
    rows = [r[:5] + r[6:] for r in files.wide_rows()]
    path = files.wide_csv(tmp_path / "år.csv", [str(y) for y in years if y != 2025], rows)
    assert only_problem(path) == (f"{path}: åren 2025 saknas (tabellen behöver 2023–2030); ladda ned tabellen med"
                                  " alla år")


def test_the_years_the_model_needs(tmp_path):
    path = files.wide_csv(tmp_path / "f.csv")
    assert only_problem(path, ImportOptions(years=(2022, 2031))).endswith(
        "åren 2022, 2031 saknas (tabellen behöver 2022–2031); ladda ned tabellen med alla år")


def test_a_missing_open_class(tmp_path):
    rows = [r for r in files.wide_rows(total_rows=False) if r[1] != "100+ år"]
    path = files.wide_csv(tmp_path / "utan100.csv", rows=rows)
    assert only_problem(path) == (f'{path}: den öppna åldersklassen saknas: den högsta åldern är "99 år", men modellen'
                                  ' behöver de äldsta i en klass "100+ år" ("och äldre"); ladda ned tabellen med alla'
                                  " åldrar")


def test_an_area_not_in_the_file(tmp_path):
    path = files.district_csv(tmp_path / "områden.csv")
    assert only_problem(path, ImportOptions(area="Norr")) == (
        f'{path}:rad 1: området "Norr" finns inte i filen; den har Östra Åby, Västra Älvnäs')


@pytest.mark.parametrize("text, message", [
    ('"region","kön","2024"\n"Borås","män",12\n', " hittade ingen rubrikrad med en kolumn för ålder"),
    ('"region","ålder","antal"\n"Borås","0 år",12\n',
     "rad 1: rubrikraden har varken en kolumn för år eller en kolumn per år"),
    ('"ålder","år","a","b"\n"0 år","2024",1,2\n', "rad 1: hittade inte kolumnen med antalet invånare"),
    ('"ålder","tabellinnehåll","2024"\n"0 år","Folkmängd",1\n"0 år","Döda",2\n',
     "rad 1: filen har flera tabellinnehåll (Folkmängd, Döda); ladda ned bara folkmängden"),
    ('"region","ålder","Ålder","2024"\n"Borås","0 år","1 år",12\n',
     'rad 1: rubriken "ålder" står över flera kolumner (2 och 3); ta bort den ena eller ge den en egen rubrik'),
    ('"region","ålder","2024","2024 "\n"Borås","0 år",12,13\n',
     'rad 1: rubriken "2024" står över flera kolumner (3 och 4); ta bort den ena eller ge den en egen rubrik'),
])
def test_a_header_that_does_not_say_what_the_table_holds(tmp_path, text, message):
    path = tmp_path / "rubrik.csv"
    path.write_text(text, encoding="utf-8")
    assert only_problem(path).startswith(f"{path}:{message}")


@pytest.mark.parametrize("content, message", [
    (b"", "filen är tom; ladda ned tabellen igen"),
    (b"\x00\x01\x02garbage\xff\xfe" * 50, "filen är ingen textfil (CSV eller PC-Axis) och ingen Excel-arbetsbok"),
    (b"\x81\x8d\x90 not cp1252 either", "filen är ingen textfil (CSV eller PC-Axis) och ingen Excel-arbetsbok"),
    (b"PK\x03\x04 a damaged zip", "filen kan inte läsas som Excel-arbetsbok (BadZipFile)"),
    (b"\n\n  \n", "filen har inga rader med värden"),
    ('"Folkmängden"\n\n'.encode(), "hittade ingen rubrikrad med en kolumn för ålder"),
])
def test_a_file_that_is_no_population_table(tmp_path, content, message):
    path = tmp_path / "fil.csv"
    path.write_bytes(content)
    assert only_problem(path).startswith(f"{path}: {message}")


@pytest.mark.parametrize("keywords, values, message", [
    ({'VALUES("kön")': None}, None, 'PC-Axis-filen saknar VALUES("kön"), värdena för variabeln "kön"'),
    ({"STUB": None, "HEADING": None}, None, "PC-Axis-filen saknar nyckelorden STUB och HEADING"),
    ({}, ["1"] * 100, f"rad {files.px_text().splitlines().index('DATA=') + 1}: DATA har 100 värden, men variablerna"
                      " (region, ålder, kön, år) ger 1616"),
])
def test_a_damaged_px_file(tmp_path, keywords, values, message):
    path = files.px_file(tmp_path / "trasig.px", keywords=keywords, values=values)
    assert message in only_problem(path)


def test_a_px_file_without_data(tmp_path):
    path = tmp_path / "utan_data.px"
    path.write_text(files.px_text().split("DATA=")[0], encoding="latin-1")
    assert only_problem(path) == f"{path}: PC-Axis-filen saknar nyckelordet DATA; ladda ned tabellen igen"


def test_a_px_value_missing_names_its_line_and_labels(tmp_path):
    values = [str(v) for v in range(1616)]
    values[9] = '".."'  # 0 år, kvinnor, 2024 (eight years a line: the second line of DATA)
    path = files.px_file(tmp_path / "saknas.px", values=values)
    problem = only_problem(path)
    data_line = files.px_text().splitlines().index("DATA=") + 1
    assert problem.startswith(f'{path}:rad {data_line + 2}: 2024, 0 år, kvinnor: väntade ett antal invånare, fick ".."')


def test_the_command_writes_a_new_file_and_never_replaces_one_unasked(tmp_path):
    source = files.wide_csv(tmp_path / "f.csv")
    out = tmp_path / "befolkning.xlsx"
    out.write_bytes(b"the user's own file")
    code, _, err = run("befolkning", str(source), "--ut", str(out))
    assert code == 2 and err == f"{out}: filen finns redan; välj ett annat namn eller ange --skriv-över\n"
    assert out.read_bytes() == b"the user's own file"
    assert run("befolkning", str(source), "--ut", str(out), "--skriv-över")[0] == 0
    assert len(sheet_rows(out)) == 809
    code, _, err = run("befolkning", str(out), "--ut", str(out), "--skriv-över")
    assert code == 2 and "får inte skrivas över en fil som läses in" in err
    planning = tmp_path / "planering.xlsx"
    assert run("exempel", str(planning))[0] == 0
    before = planning.read_bytes()
    code, _, err = run("befolkning", str(source), "--ut", str(planning), "--skriv-över")
    assert code == 2 and err.startswith(f"{planning}: arbetsboken har andra blad än Befolkning (Inställningar,")
    assert err.endswith("till exempel planeringsarbetsboken, och skrivs aldrig över; välj ett annat filnamn\n")
    assert planning.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~ramkalk")] == []


def test_a_file_with_errors_writes_nothing_and_exits_1(tmp_path):
    path = changed(tmp_path, 7, 5, "ca 12")
    out = tmp_path / "befolkning.xlsx"
    code, said, err = run("befolkning", str(path), "--ut", str(out))
    assert code == 1 and said == "" and not out.exists()
    assert err.splitlines() == [f'{path}:rad 11: 2025, 7 år, män: väntade ett antal invånare, fick "ca 12"',
                                "1 fel och 0 varningar. Ingen befolkningstabell skrevs."]


def test_a_file_that_cannot_be_opened_is_said_without_a_traceback(tmp_path):
    code, _, err = run("befolkning", str(tmp_path / "finns_inte.csv"), "--ut", str(tmp_path / "b.xlsx"))
    assert code == 1 and "finns_inte.csv" in err and "Traceback" not in err


@pytest.mark.parametrize("argument", ["2030-2023", "tjugo"])
def test_a_wrong_year_range_is_a_usage_error_in_swedish(tmp_path, argument, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["befolkning", "f.csv", "--ut", "b.xlsx", "--år", argument])
    assert stopped.value.code == 2 and "väntade år som ÅÅÅÅ-ÅÅÅÅ" in capsys.readouterr().err


HEADER = '"region","ålder","2024"\n'


@pytest.mark.parametrize("text, message", [
    ('"ålder","år","Folkmängd"\n"0 år","tjugo",1\n"100+ år","2024",1\n', 'rad 2: väntade ett år, fick "tjugo"'),
    (HEADER + '"A","0 år",1\n"A","1+ år",1\n"A","2+",1\n', "filen har flera öppna åldersklasser (1+, 2+);"),
    (HEADER + '"A","0 år",1\n"A","1+ år",1\n"A","2 år",1\n',
     'rad 4: åldern 2 år ligger över den öppna klassen "1+ år"'),
    (HEADER, "filen har inga antal invånare"),
    ('"ålder","2024"\n' + '"x' + "y" * 200_000 + '",1\n', "rad 2: raden kan inte läsas som CSV"),
])
def test_more_located_messages(tmp_path, text, message):
    path = tmp_path / "fil.csv"
    path.write_text(text, encoding="utf-8")
    assert only_problem(path).startswith(f"{path}:{' ' if not message.startswith('rad') else ''}{message}")


def test_an_area_asked_for_in_a_file_without_areas(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('"ålder","2024"\n"0 år",1\n"1+ år",2\n', encoding="utf-8")
    assert only_problem(path, ImportOptions(area="Norr")).startswith(
        f'{path}: filen har ingen kolumn för område, så området "Norr" kan inte väljas')


def test_files_with_different_open_classes(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text('"ålder","2024"\n"0 år",1\n"1+ år",2\n', encoding="utf-8")
    b.write_text('"ålder","2025"\n"0 år",1\n"1 år",1\n"2+ år",2\n', encoding="utf-8")
    (problem,) = import_files([a, b]).problems
    assert str(problem).startswith(f"{a}, {b}: filerna har olika öppna åldersklasser (1+ och 2+ år)")


def test_an_xlsx_without_values(tmp_path):
    path = tmp_path / "tom.xlsx"
    openpyxl.Workbook().save(path)
    assert only_problem(path) == f"{path}: arbetsboken har inga värden; ladda ned tabellen igen"


def test_a_px_file_with_data_twice(tmp_path):
    path = tmp_path / "dubbel.px"
    path.write_text(files.px_text() + "DATA=\n1;\n", encoding="latin-1")
    assert only_problem(path).startswith(f"{path}: PC-Axis-filen har nyckelordet DATA mer än en gång")


SOURCES = [Path(__file__).resolve().parent.parent / p for p in (
    "ramkalk/workbook/population_import.py", "ramkalk/workbook/population_files.py",
    "ramkalk/workbook/population_layout.py", "ramkalk/workbook/px_file.py")]


def test_every_message_in_the_doc_is_one_ramkalk_gives():
    """docs/befolkning.md (Meddelanden): each quoted message's words, between its "…" and examples, are in the code."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "befolkning.md").read_text(encoding="utf-8")
    code = "".join(path.read_text(encoding="utf-8") for path in SOURCES)
    section = doc.split("## Meddelanden")[1]
    quoted = [q for line in section.splitlines() if line.startswith("| `")
              for q in re.findall(r"`([^`]+)`", line.split(" | ")[0])]
    assert len(quoted) > 30
    for message in quoted:
        for part in re.split(r'"[^"]*"|…', message):
            assert part.strip() in code, f"{message!r}: {part.strip()!r}"


def test_the_sex_in_the_years_headers(tmp_path):
    """PxWeb with both the year and the sex across: a column per year and sex ("2023 män"), no sex column."""
    table, years = files.counts(), files.years()
    header = ["region", "ålder", *(f"{y} {sex}" for y in years for sex in ("män", "kvinnor"))]
    rows = [[files.REGION, files.age_label(age), *(files.by_sex(table[(y, age)])[sex] for y in years
                                                   for sex in ("män", "kvinnor"))] for age in range(101)]
    path = tmp_path / "kön_i_rubriken.csv"
    path.write_text("\n".join(files.quoted(r, ",") for r in [header, *rows]), encoding="utf-8")
    imported = import_files([path])
    assert imported.ok and [(r.year, r.age, r.count) for r in imported.rows] == files.expected_rows()


def test_excels_unicode_text_utf16_with_tabs(tmp_path):
    header = ["region", "ålder", "kön", *(str(y) for y in files.years())]
    lines = ["\t".join(map(str, row)) for row in [header, *files.wide_rows()]]
    unicode_text = tmp_path / "unicode.txt"
    unicode_text.write_bytes("\r\n".join(lines).encode("utf-16"))
    imported = import_files([unicode_text])
    assert imported.ok and [(r.year, r.age, r.count) for r in imported.rows] == files.expected_rows()


def test_a_pivot_table_whose_first_label_is_missing(tmp_path):
    """A label left blank is the one above it; the first has none above, and is said so."""
    rows = files.pivot_rows()
    rows[1][1] = None  # "0 år" of the first row
    path = files.workbook(tmp_path / "pivot.xlsx", rows, "Sheet")
    imported = import_files([path])
    assert [str(p) for p in imported.problems] == [
        f'{path}:Sheet!B{row}: åldersklassen saknas; väntade ettårsklasser "0 år" … "100+ år" och "totalt ålder":'
        " ladda ned tabellen i ettårsklasser" for row in (2, 3)]


def test_against_the_planning_workbook_the_output_is_its_whole_befolkning(exempelstad, tmp_path):
    """--arbetsbok: Utfall up to the workbook's last outcome year, its other rows (the forecast made in
    2024) kept, and the whole table checked by the workbook's own rules."""
    workbook, _ = exempelstad
    out = tmp_path / "befolkning.xlsx"
    code, said, err = run("befolkning", str(files.wide_csv(tmp_path / "f.csv")), "--arbetsbok", str(workbook),
                          "--ut", str(out))
    assert code == 0, err
    assert f"Skrev 909 rader till bladet Befolkning i {out}" in said
    assert f"Utfall till och med 2025, senare år Prognos. Med 101 rader från {workbook} som står kvar: 2025" \
           " (Prognosår 2024)." in said and "Ersätt alla rader på planeringsarbetsbokens blad Befolkning" in said
    assert sheet_rows(out) == sheet_rows(workbook)


def test_against_the_planning_workbook_a_year_the_model_needs(exempelstad, tmp_path):
    workbook, _ = exempelstad
    without = with_population(workbook, [r for r in sheet_rows(workbook) if r[0] != 2030], tmp_path / "utan.xlsx")
    rows = [r[:-1] for r in files.wide_rows()]
    source = files.wide_csv(tmp_path / "f.csv", [str(y) for y in files.years()[:-1]], rows)
    out = tmp_path / "befolkning.xlsx"
    code, _, err = run("befolkning", str(source), "--arbetsbok", str(without), "--ut", str(out))
    assert code == 1 and not out.exists()
    assert f"{without}:Befolkning: befolkning saknas för 2030 (behövs för volymberäkningen 2025–2030)" in err


def test_a_multilingual_utf8_px_file(tmp_path, capsys):
    """CODEPAGE utf-8 and the English translations beside the Swedish keywords: the default language is read."""
    text = files.px_text(keywords={"CODEPAGE": '"utf-8"', "LANGUAGES": '"sv","en"',
                                   "STUB[en]": '"region","age","sex"', "HEADING[en]": '"year"',
                                   'VALUES[en]("kön")': '"men","women"'})
    path = tmp_path / "flerspråkig.px"
    path.write_bytes(text.encode("utf-8"))
    imported = import_files([path])
    assert imported.ok, [str(p) for p in imported.problems]
    assert [(r.year, r.age, r.count) for r in imported.rows] == files.expected_rows()
    assert capsys.readouterr().out == "", "pyaxis's own print kept off the command's output"
