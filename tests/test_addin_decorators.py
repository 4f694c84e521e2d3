"""The xlwings decorators of the add-in, checked with xlwings' own (classic) implementation.

On Linux `from xlwings import func, arg` are no-ops, so an @arg naming a parameter the
function does not have would go unnoticed until a user imports the functions in Excel.
Here the add-in is imported with the decorators of the installed xlwings' `udfs.py`,
which raise for such a name, and their metadata (`__xlfunc__`) is checked.
"""

from __future__ import annotations

import copy
import inspect
from types import SimpleNamespace

import pytest
import xlwings
from addin_support import FakeRange, example_workbook, load_decorated, table_ranges, udfs
from xlwings import conversion

import ramkalk.addin.xl
from ramkalk.addin.models import MODELS

EXPECTED = {"RAMMODELL", "RAM", "RAMFORKLARING", "RAMLISTA", "RAMBALANS", "RAMENHET"}


@pytest.fixture
def functions(monkeypatch):
    return udfs(load_decorated("functions", monkeypatch))


def test_the_worksheet_functions_are_registered_under_their_excel_names(functions):
    assert set(functions) == EXPECTED


def test_every_argument_named_by_a_decorator_is_a_parameter_and_documented(functions):
    for name, function in functions.items():
        parameters = list(inspect.signature(function).parameters)
        described = [a["name"] for a in function.__xlfunc__["args"]]
        assert described == parameters, name
        for argument in function.__xlfunc__["args"]:
            assert not argument["doc"].startswith("Positional argument"), f"{name}({argument['name']}) saknar doc"
            assert argument["name"].isascii(), "namnen blir VBA-identifierare i klassiska xlwings"
        assert name.isascii() and function.__xlfunc__["ret"]["doc"].strip() == function.__doc__.strip()


def test_a_decorator_naming_a_missing_parameter_is_rejected(monkeypatch):
    """The check above is only worth something if xlwings' arg really rejects a wrong name."""
    from addin_support import classic_decorators

    decorators = classic_decorators()
    with pytest.raises(Exception, match="Invalid argument name 'nammd'"):
        decorators["func"](decorators["arg"]("nammd", doc="x")(lambda namnd: namnd))


def test_only_the_model_function_takes_ranges_and_the_model_comes_first(functions):
    for name, function in functions.items():
        args = function.__xlfunc__["args"]
        if name == "RAMMODELL":
            # err_to_str: an error cell (#N/A) reaches ramkalk as its text, to be named, not as a blank
            assert args[0]["vararg"] and args[0]["options"] == {"ndim": 2, "err_to_str": True}
        else:
            assert args[0]["name"] == "modell" and all(not a["options"] for a in args)
            assert all("optional" in a for a in args if a["name"] in ("version", "modelltyp", "komponent"))


def test_the_macros_receive_the_workbook(monkeypatch):
    macros = load_decorated("macros", monkeypatch)
    scripts = {f.__xlfunc__["name"]: f for f in vars(macros).values()
               if hasattr(f, "__xlfunc__") and f.__xlfunc__["sub"]}
    assert scripts
    for name, script in scripts.items():
        (book,) = script.__xlfunc__["args"]
        assert book["name"] == "book" and book["vba"] == "ActiveWorkbook", name


def test_classic_xlwings_gives_the_model_function_its_ranges_and_they_name_the_users_cells(monkeypatch, tmp_path):
    """As classic xlwings calls RAMMODELL (`udfs.call_udf`: each argument through `conversion.read` with
    the vararg's options, a range as the range, a typed value without one): ranges on the user's sheet
    and a text typed into the formula. Only Excel's COM transfer is stood in for (`FakeRange`)."""
    monkeypatch.setattr(ramkalk.addin.xl, "TABLES", {"convert": ramkalk.addin.xl.range_or_values()})  # as on Windows
    # Excel's engine (Windows only) cleans a typed value; off Windows a stand-in that keeps it
    excel = SimpleNamespace(impl=SimpleNamespace(clean_value_data=lambda value, *options: value))
    monkeypatch.setattr(xlwings, "engines", {"excel": excel})
    model_function = udfs(load_decorated("functions", monkeypatch))["RAMMODELL"]
    options = model_function.__xlfunc__["args"][0]["options"]
    assert options == {"ndim": 2, "err_to_str": True, "convert": ramkalk.addin.xl.TABLES["convert"]}

    ranges = table_ranges(example_workbook(tmp_path))
    bad = copy.deepcopy(ranges)
    bad[1][3][2] = "ca 60 %"
    top, arguments = 10, []
    for rows in bad:
        arguments.append(FakeRange("Blad3", f"$B${top}:$Z${top + len(rows) - 1}", rows))
        top += len(rows) + 1
    nämnder_top = 10 + len(ranges[0]) + 1
    MODELS.clear()

    def call(*excel_arguments):
        return model_function(*(conversion.read(a, None, options) if isinstance(a, FakeRange)
                                else conversion.read(None, a, options) for a in excel_arguments))

    assert call(*arguments).startswith(f"Fel i modellen: Blad3!D{nämnder_top + 3}: väntade ett tal")
    assert call("Inställningar", *arguments).startswith(f"Fel i modellen: Blad3!D{nämnder_top + 3}:")
