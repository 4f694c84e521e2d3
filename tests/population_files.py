"""Population files in SCB's layouts, written from Exempelstad's own population (2023–2030, ages
0–100, 100 meaning "100 and older"), as the tests of `ramkalk befolkning` read them.

The layouts as Statistikdatabasen (PxWeb) writes them: a title line, the header with the variables
(region, ålder, kön) and a column per year ("2024" or with the table text, "Folkmängd 2024"), or a
row per year and a value column (long form); the age labels "0 år" … "100+ år" and the row
"totalt ålder"; sex as "män"/"kvinnor" (and "totalt"); the comma or the semicolon (Excel on Swedish
Windows, with decimal comma and cp1252); a PC-Axis file (STUB, HEADING, VALUES, DATA) and an xlsx export.
Each count is split over the sexes (and over two districts in the district forecast), so the import
must sum them back.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ramkalk.example.population import population
from ramkalk.example.process import earlier_forecast

REGION = "1499 Exempelstad"
DISTRICTS = ("Östra Åby", "Västra Älvnäs")


def counts() -> dict[tuple[int, int], int]:
    """Exempelstad's population by (year, age)."""
    return {(row.year, row.age): int(row.count) for row in population()}


def years() -> list[int]:
    return sorted({year for year, _ in counts()})


def age_label(age: int) -> str:
    return "100+ år" if age == 100 else f"{age} år"


def by_sex(count: int) -> dict[str, int]:
    men = count // 2 + count % 3  # not exactly half, so a wrong split would show
    men = min(men, count)
    return {"män": men, "kvinnor": count - men}


def by_district(count: int) -> dict[str, int]:
    first = count * 3 // 5
    return {DISTRICTS[0]: first, DISTRICTS[1]: count - first}


def wide_rows(total_rows: bool = True) -> list[list[object]]:
    """region, ålder, kön, a column per year; per sex the ages and "totalt ålder"."""
    table, rows = counts(), []
    for sex in ("män", "kvinnor"):
        for age in range(101):
            rows.append([REGION, age_label(age), sex, *(by_sex(table[(y, age)])[sex] for y in years())])
        if total_rows:
            rows.append([REGION, "totalt ålder", sex,
                         *(sum(by_sex(table[(y, a)])[sex] for a in range(101)) for y in years())])
    return rows


def quoted(values: list[object], sep: str) -> str:
    return sep.join(f'"{v}"' if isinstance(v, str) else str(v) for v in values)


def wide_csv(path: Path, header_years: list[str] | None = None, rows: list[list[object]] | None = None) -> Path:
    """PxWeb's "Kommaavgränsad med rubrik": UTF-8 with BOM, a title line and a blank line first, footnotes last."""
    header = ["region", "ålder", "kön", *(header_years or [str(y) for y in years()])]
    lines = ['"Folkmängden efter region, ålder, kön och år"', "", quoted(header, ","),
             *(quoted(r, ",") for r in (rows if rows is not None else wide_rows())),
             "", '"Fotnoter:"', '"Folkmängd: uppgifterna avser förhållandet den 31 december, 2024."']
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


def long_csv(path: Path) -> Path:
    """Long form with the table text as the value column's header, and sex totals ("totalt") too."""
    table = counts()
    lines = [quoted(["region", "ålder", "kön", "år", "Folkmängd"], ",")]
    for year in years():
        for age in range(101):
            split = by_sex(table[(year, age)])
            for sex in ("män", "kvinnor"):
                lines.append(quoted([REGION, age_label(age), sex, str(year), split[sex]], ","))
            lines.append(quoted([REGION, age_label(age), "totalt", str(year), table[(year, age)]], ","))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def swedish_number(count: int) -> str:
    """As Excel on Swedish Windows writes a number: a space between thousands, a decimal comma."""
    whole = f"{count:,}".replace(",", "\u00a0")
    return f"{whole},0" if count % 7 == 0 else whole


def district_csv(path: Path) -> Path:
    """A municipality's own district forecast: semicolon, cp1252, decimal comma, districts with å ä ö,
    headers with the table text ("Folkmängd 2024"), no sex column."""
    table = counts()
    lines = [";".join(["Område", "Ålder", *(f"Folkmängd {y}" for y in years())])]
    for district in DISTRICTS:
        for age in range(101):
            lines.append(";".join([district, age_label(age),
                                   *(swedish_number(by_district(table[(y, age)])[district]) for y in years())]))
        lines.append(";".join([district, "totalt ålder", *(swedish_number(
            sum(by_district(table[(y, a)])[district] for a in range(101))) for y in years())]))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def px_text(values: list[str] | None = None, keywords: dict[str, str] | None = None) -> str:
    """A PC-Axis file as Statistikdatabasen writes one: STUB region, ålder, kön; HEADING år."""
    table = counts()
    ages = [age_label(a) for a in range(101)]
    data = values if values is not None else [
        str(by_sex(table[(y, a)])[sex]) for a in range(101) for sex in ("män", "kvinnor") for y in years()]
    parts = {
        "CHARSET": '"ANSI"',
        "AXIS-VERSION": '"2013"',
        "CODEPAGE": '"iso-8859-1"',
        "LANGUAGE": '"sv"',
        "CREATION-DATE": '"20260301 09:00"',
        "DECIMALS": "0",
        "SHOWDECIMALS": "0",
        "MATRIX": '"BE0101N1"',
        "SUBJECT-CODE": '"BE"',
        "SUBJECT-AREA": '"Befolkning"',
        "CONTENTS": '"Folkmängd efter region, ålder, kön och år"',
        "TITLE": '"Folkmängd efter region, ålder, kön och år"',
        "UNITS": '"antal"',
        "STUB": '"region","ålder","kön"',
        "HEADING": '"år"',
        'VALUES("region")': f'"{REGION}"',
        'VALUES("ålder")': ",\n".join(f'"{a}"' for a in ages),
        'VALUES("kön")': '"män","kvinnor"',
        'VALUES("år")': ",".join(f'"{y}"' for y in years()),
        "SOURCE": '"SCB"',
    }
    parts.update(keywords or {})
    lines = [f"{key}={value};" for key, value in parts.items() if value is not None]
    rows = [" ".join(data[i:i + len(years())]) for i in range(0, len(data), len(years()))]
    return "\n".join(lines) + "\nDATA=\n" + "\n".join(rows) + ";\n"


def px_file(path: Path, **kwargs) -> Path:
    path.write_bytes(px_text(**kwargs).replace("\n", "\r\n").encode("latin-1"))
    return path


def workbook(path: Path, rows: list[list[object]], sheet: str = "Folkmängd") -> Path:
    """`rows` from A1 of a new workbook's only sheet, numbers as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def xlsx_export(path: Path) -> Path:
    """An xlsx export: a title in A1, the header in row 3."""
    return workbook(path, [["Folkmängden efter region, ålder, kön och år"], [],
                           ["region", "ålder", "kön", *(str(y) for y in years())], *wide_rows()])


def pivot_rows() -> list[list[object]]:
    """The table as PxWeb shows it on the page and writes it to Excel: no names over the label columns,
    only the years; the labels nested (region, then age, then sex), each written once and blank under
    it while it holds."""
    table = counts()
    rows: list[list[object]] = [[None, None, None, *(str(y) for y in years())]]
    for age in range(101):
        for sex in ("män", "kvinnor"):
            rows.append([REGION if (age, sex) == (0, "män") else None, age_label(age) if sex == "män" else None, sex,
                         *(by_sex(table[(y, age)])[sex] for y in years())])
    return rows


def pxweb_xlsx(path: Path) -> Path:
    """PxWeb's Excel download: the title, then the pivot table (`pivot_rows`)."""
    return workbook(path, [["Folkmängden efter region, ålder, kön och år"], *pivot_rows()])


def expected_rows() -> list[tuple[int, int, Decimal]]:
    return [(row.year, row.age, row.count) for row in population()]


def earlier_forecast_csv(path: Path) -> Path:
    """Last year's forecast of 2025 (made in 2024), which Exempelstad keeps for the ex-post correction:
    SCB's forecast layout, the table text in the year's header ("Framskriven folkmängd 2025")."""
    rows = [[REGION, age_label(row.age), int(row.count)] for row in earlier_forecast(population())]
    lines = [quoted(["region", "ålder", "Framskriven folkmängd 2025"], ","), *(quoted(r, ",") for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
