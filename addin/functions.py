"""The worksheet functions: =RAMMODELL, =RAM, =RAMFORKLARING, =RAMLISTA, =RAMBALANS, =RAMENHET.

Thin: each reshapes Excel's arguments, asks ramkalk (through the model in memory,
`ramkalk.addin.models`) and turns a problem into a Swedish cell text. No rule lives here.
Amounts are floats of whole kronor, exactly the numbers of `ramkalk beräkna --json`.
Names are ASCII (classic xlwings writes them into VBA); the first argument of every
function but RAMMODELL is the model cell, as in TM1's DBRW or Smart View's HsGetValue.
The docstrings are Excel's help texts. User guide: docs/tillagg.md.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

from ramkalk.addin.models import MODELS, CellError
from ramkalk.addin.xl import TABLES, arg, func

if TYPE_CHECKING:  # the core is imported by the first call, not by Excel loading the functions
    from ramkalk.calculation.frames import Calculation
    from ramkalk.core.frame import Frame
    from ramkalk.rules.balance import Balance
    from ramkalk.schema.inputs import FrameModel

MODEL = "Cellen med =RAMMODELL(...), t.ex. Modell"
VERSION = "Version eller scenario, t.ex. Juni eller November (tomt: arbetsbokens senaste version)"
MODEL_TYPE = "Traditionell eller Prislapp (tomt: nämndens egen modell, med balanseringskrav)"
TOTAL, ONE_OFF = "ram", "engångs"


def _cell_text(function: Callable) -> Callable:
    """Turn a problem into the cell's text: never a traceback in a cell."""

    @functools.wraps(function)
    def wrapper(*args):
        try:
            return function(*args)
        except CellError as exc:
            text = str(exc)
            return text[:1].upper() + text[1:]
        except Exception as exc:  # the edge to Excel: say what happened in the cell instead
            return f"Oväntat fel i ramkalk ({function.__name__}): {type(exc).__name__}: {exc}"

    return wrapper


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    """A code or a year as typed: 2027.0 (how Excel hands over a number) becomes "2027"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _version(value: object) -> str | None:
    return None if _blank(value) else _text(value)


def _model_type(value: object) -> FrameModel | None:
    from ramkalk.schema.inputs import FrameModel

    if _blank(value):
        return None
    found = next((m for m in FrameModel if m.value.casefold() == _text(value).casefold()), None)
    if found is None:
        choices = " eller ".join(m.value for m in FrameModel)
        raise CellError(f'okänd modelltyp "{_text(value)}"; välj {choices} (tomt: nämndens egen modell)')
    return found


def _is_range(value: object) -> bool:
    """Whether `value` is a range itself (classic xlwings: an `xw.Range`), not its values."""
    return hasattr(value, "options") and hasattr(value, "address") and hasattr(value, "sheet")


def _table_argument(value: object) -> object:
    """A range as rows (xlwings gives a 2D list), or as rows `Placed` where they are (a range itself: its
    values read as with `@arg(ndim=2, err_to_str=True)`, an error cell as its text); a text (also in a
    one-cell range) names the next range."""
    origin = None
    if _is_range(value):
        from ramkalk.workbook.ranges import Origin

        origin = Origin.of(value.sheet.name, value.address)
        value = value.options(ndim=2, err_to_str=True).value
    if isinstance(value, list) and len(value) == 1 and len(value[0]) == 1 and isinstance(value[0][0], str):
        return value[0][0]
    rows = value if isinstance(value, (list, str)) else [[value]]
    if origin is None or isinstance(rows, str):
        return rows
    from ramkalk.workbook.ranges import Placed

    return Placed(rows, origin)


@functools.lru_cache(maxsize=64)
def _frames(calculation: Calculation, model: FrameModel | None) -> dict[tuple[str, int], Frame]:
    """The frames of one model by (committee code without case, year): each cell a look-up."""
    from ramkalk.schema.inputs import FrameModel

    frames = {None: calculation.frames, FrameModel.TRADITIONAL: calculation.traditional,
              FrameModel.PRICE_TAG: calculation.price_tag}[model]
    return {(f.committee.casefold(), f.year): f for f in frames}


def _calculation(modell: object, version: object) -> Calculation:
    return MODELS.calculation(modell, _version(version))


def _frame(modell: object, namnd: object, ar: object, version: object, modelltyp: object) -> Frame:
    calculation, model = _calculation(modell, version), _model_type(modelltyp)
    code, year = _text(namnd), _text(ar)
    frame = _frames(calculation, model).get((code.casefold(), int(year) if year.isdigit() else 0))
    if frame is None:
        from ramkalk.report.frame_text import find_frame

        frame, message = find_frame(calculation, code, year, model)
        if frame is None:
            raise CellError(message)
    return frame


def _year(calculation: Calculation, ar: object) -> int:
    """The year asked for, if it is computed; else the message of `find_frame`."""
    text = _text(ar)
    if text.isdigit() and int(text) in calculation.data.settings.years:
        return int(text)
    from ramkalk.report.frame_text import find_frame

    _, message = find_frame(calculation, calculation.data.committees[0].code, text)
    raise CellError(message)


@functools.lru_cache(maxsize=64)
def _known_components(calculation: Calculation, model: FrameModel | None) -> frozenset[str]:
    """Every component key of the frames of one model, and every component of the registry (a
    frame without one has zero of it)."""
    from ramkalk.rules.components import components

    keys = {key.casefold() for frame in _frames(calculation, model).values() for key, _ in frame.amounts}
    return frozenset(keys | {c.key for c in components() if not c.prefix})


def _component(frame: Frame, calculation: Calculation, model: FrameModel | None, name: object) -> Decimal:
    from ramkalk.schema.cells import text_key

    key = text_key(_text(name))
    if key == TOTAL:
        return frame.total
    if key == ONE_OFF:
        return frame.one_off
    amounts = {k.casefold(): amount for k, amount in frame.amounts}
    if key in amounts:
        return amounts[key]
    if key in _known_components(calculation, model):
        return Decimal(0)  # a component this frame does not have (e.g. no balancing requirement)
    names = ", ".join([*(k for k, _ in frame.amounts), TOTAL, ONE_OFF])
    raise CellError(f'okänd komponent "{_text(name)}"; ramens komponenter: {names}')


def _kr(amount: Decimal) -> float:
    return float(amount)


@func
@arg("tabeller", ndim=2, err_to_str=True,  # an error cell (#N/A) as its text: a fault, never a blank
     doc="Parametertabellerna som områden, rubrikraden först, i valfri ordning", **TABLES)
@_cell_text
def RAMMODELL(*tabeller):
    """Läser planeringsarbetsbokens tabeller (områden som känns igen på sina rubriker), kontrollerar och
    beräknar dem. Visar "Modell <nummer> · kommun budgetår · 0 fel" eller det första felet. Ge cellen
    namnet Modell och använd den som första argument till RAM."""
    return MODELS.register([_table_argument(t) for t in tabeller])


@func
@arg("modell", doc=MODEL)
@arg("namnd", doc='Nämndens kod, t.ex. "GSN"')
@arg("ar", doc="Budgetåret eller ett planår, t.ex. 2027")
@arg("version", doc=VERSION)
@arg("modelltyp", doc=MODEL_TYPE)
@arg("komponent", doc="bas, uppräkning, effektivisering, volym, beslut, balansering, engångs ... (tomt: hela ramen)")
@_cell_text
def RAM(modell, namnd, ar, version=None, modelltyp=None, komponent=None):
    """Nämndens ram för ett år i kronor, eller en komponent av den, exakt som ramkalk beräkna."""
    frame = _frame(modell, namnd, ar, version, modelltyp)
    if _blank(komponent):
        return _kr(frame.total)
    return _kr(_component(frame, _calculation(modell, version), _model_type(modelltyp), komponent))


@func
@arg("modell", doc=MODEL)
@arg("namnd", doc='Nämndens kod, t.ex. "GSN"')
@arg("ar", doc="Budgetåret eller ett planår, t.ex. 2027")
@arg("version", doc=VERSION)
@arg("modelltyp", doc=MODEL_TYPE)
@_cell_text
def RAMFORKLARING(modell, namnd, ar, version=None, modelltyp=None):
    """Förklaringen av en ram som tabell: komponent, rad, belopp (kr), regel och indata; sista raden är
    ramen, summan av beloppen. Fyller flera celler (Excel 365; annars som matrisformel)."""
    from ramkalk.core.explanation import inputs_text  # (the core loads with the first model cell)

    frame = _frame(modell, namnd, ar, version, modelltyp)
    where = MODELS.places(modell)
    rows = [["Komponent", "Rad", "Belopp", "Regel", "Indata"]]
    rows += [[line.component, line.label, _kr(line.amount), line.rule, inputs_text(line, where)]
             for line in frame.lines]
    rows.append([TOTAL, f"Ram {frame.year}", _kr(frame.total), "summan av raderna ovan", ""])
    return rows


@func
@arg("modell", doc=MODEL)
@arg("ar", doc="Budgetåret eller ett planår, t.ex. 2027")
@arg("version", doc=VERSION)
@arg("modelltyp", doc=MODEL_TYPE)
@_cell_text
def RAMLISTA(modell, ar, version=None, modelltyp=None):
    """Alla nämnders ramar för ett år (kr), en rad per nämnd och summan sist. Fyller flera celler."""
    calculation, model = _calculation(modell, version), _model_type(modelltyp)
    year = _year(calculation, ar)
    frames = _frames(calculation, model)
    rows = [["Nämnd", "Namn", f"Ram {year}"]]
    rows += [[c.code, c.name, _kr(frames[(c.code.casefold(), year)].total)] for c in calculation.data.committees]
    rows.append(["Summa", "", sum(row[2] for row in rows[1:])])
    return rows


def _balance(calculation: Calculation, year: int) -> Balance:
    found = next((b for b in calculation.balances if b.year == year), None)
    if found is None:
        raise CellError(f"Arbetsboken har inga intäkter för {year} (tabellen Intäkter), så ingen balans")
    return found


@func
@arg("modell", doc=MODEL)
@arg("ar", doc="Budgetåret eller ett planår, t.ex. 2027")
@arg("version", doc=VERSION)
@_cell_text
def RAMBALANS(modell, ar, version=None):
    """Balansen mot intäkterna för ett år (kr): utrymmets rader, utrymmet, summan av ramarna före och efter
    balanseringskrav och differensen. Fyller flera celler."""
    calculation = _calculation(modell, version)
    year = _year(calculation, ar)
    found = _balance(calculation, year)
    rows = [["Post", f"Belopp {year}"]]
    rows += [[line.label, _kr(line.amount)] for line in found.room.lines]
    rows += [
        ["Utrymme för nämndernas ramar", _kr(found.room.total)],
        ["Σ ramar före balanseringskrav", _kr(found.frames - found.balancing)],
        ["Balanseringskrav", _kr(found.balancing)],
        ["Σ ramar", _kr(found.frames)],
        ["Differens: Σ ramar − utrymme", _kr(found.gap)],
    ]
    return rows


UNIT_PARTS = ("grundbelopp", "tilläggsbelopp", "strukturbelopp", "avräkning", "efter avräkning")
"""RAMENHET's komponent: a line of the unit's allocation, its avräkning or what it has after it (blank: all)."""


@func
@arg("modell", doc=MODEL)
@arg("namnd", doc='Nämndens kod, t.ex. "GSN"')
@arg("enhet", doc='Enhetens namn från tabellen Enheter, t.ex. "Söderskolan"')
@arg("komponent", doc="grundbelopp, tilläggsbelopp, strukturbelopp, avräkning eller efter avräkning (tomt: hela "
                      "tilldelningen)")
@arg("manad", doc="Månaden 1–12 (tomt: hela budgetåret)")
@arg("version", doc=VERSION)
@_cell_text
def RAMENHET(modell, namnd, enhet, komponent=None, manad=None, version=None):
    """En enhets tilldelning ur nämndens ram för budgetåret (kr), exakt som ramkalk förklara --enhet: hela året
    eller en månad, hela tilldelningen eller en del av den, avräkningen mot utfallet eller vad enheten har efter den."""
    from ramkalk.report.unit_text import find_unit  # (the core loads with the first model cell)
    from ramkalk.schema.cells import text_key

    calculation = _calculation(modell, version)
    _, unit, message = find_unit(calculation, _text(namnd), str(calculation.data.settings.budget_year), _text(enhet))
    if unit is None:
        raise CellError(message)
    part = "" if _blank(komponent) else text_key(_text(komponent))
    if part and part not in UNIT_PARTS:
        raise CellError(f'okänd komponent "{_text(komponent)}"; välj en av: {", ".join(UNIT_PARTS)} (tomt: hela '
                        "tilldelningen)")
    month = None if _blank(manad) else _text(manad)
    if month is not None and not (month.isdigit() and 1 <= int(month) <= 12):
        raise CellError(f'väntade en månad 1–12, fick "{month}"')
    if month is None:
        year = {"": unit.total, "avräkning": unit.reconciled, "efter avräkning": unit.after_reconciliation}
        return _kr(year[part] if part in year else sum((line.amount for line in unit.lines if line.component == part),
                                                       Decimal(0)))
    number = int(month)
    reconciled = unit.reconciliation_of(number)
    if part == "avräkning" and reconciled is None:
        raise CellError(f"{unit.unit} har inget utfall för månad {number} ännu, så ingen avräkning")
    if part in ("", "avräkning", "efter avräkning"):
        budget = unit.months[number - 1]
        return _kr({"": budget, "avräkning": reconciled, "efter avräkning": budget + (reconciled or 0)}[part])
    return _kr(sum((m.amount for line in unit.lines if line.component == part
                    for m in (line.details if part == "strukturbelopp" else
                              [d for c in line.details for d in c.details]) if m.part == str(number)), Decimal(0)))
