"""Shared by the template tests: Exempelstad computed once, templates written with fixed options."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import openpyxl

from ramkalk.calculation.frames import Calculation
from ramkalk.example.municipality import exempelstad
from ramkalk.templates.content import Content, content
from ramkalk.templates.generator import build_template, file_name
from ramkalk.templates.layout import layout
from ramkalk.templates.options import Options
from ramkalk.templates.parts import Layout
from ramkalk.workbook import pipeline

CREATED = date(2026, 6, 16)
OPTIONS = Options(created=CREATED)
SOURCE = "exempelstad.xlsx"


@cache
def exempelstad_calculation() -> Calculation:
    """Exempelstad as of the version Juni, which the planning templates are made from."""
    return pipeline.calculate_all(pipeline.check_data(exempelstad(), "Juni"))


def committee_content(code: str, calculation: Calculation | None = None) -> Content:
    calculation = calculation or exempelstad_calculation()
    return content(calculation, calculation.data.committee(code), SOURCE)


def write_all(folder: Path, options: Options = OPTIONS) -> dict[str, Path]:
    """Every Exempelstad committee's template in `folder`: code -> path."""
    calculation = exempelstad_calculation()
    paths = {}
    for committee in calculation.data.committees:
        path = folder / file_name(committee.code, calculation.data.settings.budget_year)
        build_template(committee_content(committee.code), options).save(path)
        paths[committee.code] = path
    return paths


def load(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def exempelstad_layout() -> Layout:
    return layout(len(exempelstad_calculation().data.settings.years), True)
