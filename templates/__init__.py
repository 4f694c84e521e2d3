"""The planning templates (planeringsunderlag): one workbook per committee, one layout.

Developer note. `ramkalk underlag` (templates.command) writes one template per committee:

    parts.py        the vocabulary of a layout: Field (meaning, kind, role: label, prefilled,
                    input or formula; validation), Block, Table (and End: how a reader finds
                    a table's end), SheetLayout, Layout
    layout.py       the planning template's layout as data, LAYOUT_VERSION
    content.py      what a template shows, from the core, in tkr rounded to add up (pure)
    generator.py    Options and build_template: the workbook from a committee's Content
    frame_sheet.py  the sheet Ram with its waterfall table and chart (ramkalk.xlsx_charts)
    input_sheets.py Budget, Äskanden, Åtgärder, Volymer
    writing.py      writing rows, headers, sums and validations where the layout puts them
    style.py        looks (named cell styles), validation rules, protection, print set-up
    reading.py      reading a template back through the layout (also after inserted rows)
    identity.py     the hidden sheet Identitet and the checksum of the prefilled values
    command.py      the CLI subcommand (registered by ramkalk.cli)

Amounts are stored in tkr. Sums of input tables count every row between the header and
the sum row (`writing.running_sum`), so rows a committee inserts are included. Templates
are verified in LibreOffice (tests/test_templates_engine.py) and by a golden dump
(tests/golden/planeringsunderlag_GSN.json). User documentation: docs/planeringsunderlag.md.
"""
