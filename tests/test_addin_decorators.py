"""The xlwings decorators of the add-in, checked with xlwings' own (classic) implementation.

On Linux `from xlwings import func, arg` are no-ops, so an @arg naming a parameter the
function does not have would go unnoticed until a user imports the functions in Excel.
Here the add-in is imported with the decorators of the installed xlwings' `udfs.py`,
which raise for such a name, and their metadata (`__xlfunc__`) is checked.
"""

from __future__ import annotations

import inspect

import pytest

from addin_support import load_decorated, udfs

EXPECTED = {"RAMMODELL", "RAM", "RAMFORKLARING", "RAMLISTA", "RAMBALANS"}


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
