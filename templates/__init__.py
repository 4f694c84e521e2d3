"""The planning templates (planeringsunderlag): one workbook per committee, one layout.

Installed as `ramkalk.templates` (the folder templates/). `ramkalk underlag` (ramkalk.cli.generate)
writes one template per committee; `konsolidera` and `arkiv` are ramkalk.cli.consolidate:

    options.py      a round's options (version, deadline, contact, password) and their defaults
    parts.py        the vocabulary of a layout: Field (meaning, kind, role: label, prefilled,
                    input or formula; validation), Block, Table (and End: how a reader finds
                    a table's end), SheetLayout, Layout
    layout.py       the planning template's layout as data, LAYOUT_VERSION
    content.py      what a template shows, from the core, in tkr rounded to add up (pure)
    generator.py    Options and build_template: the workbook from a committee's Content
    frame_sheet.py  the sheet Ram with its waterfall table and chart (an openpyxl chart)
    input_sheets.py Budget, Äskanden, Åtgärder, Volymer
    writing.py      writing rows, headers, sums and validations where the layout puts them
    style.py        looks (named cell styles), validation rules, protection, print set-up
    reading.py      reading a template back through the layout (also after inserted rows)
    identity.py     the hidden sheet Identitet; the prefilled cells of a template derived from its
                    content and the layout (`generated_cells`) and their checksum, the same when a
                    template is written and when a return is checked

Consolidating returned templates (`ramkalk konsolidera`, `ramkalk arkiv`):

    returned_file.py     safe opening: size cap, zip inspection, no DTDs, macros a warning; values by
                         python-calamine and formula cells from the sheet XML, as a read-only GridBook
    return_records.py    a return as records (identity, budget lines, requests, measures, volumes), Status
    returns.py           read_return: the stages from identity to sums, every problem collected
    return_checks.py     identity, structure, locked parts (checksum with the changed cell, formulas), frames
    return_rows.py       the filled-in rows, cell by cell (ramkalk.schema.cells messages)
    archive.py           the SQLite archive: files byte for byte, rows, problems; schema version, migrations
    consolidation.py     receive files into the archive; the summary from the archive alone
    summary_workbook.py  the consolidated workbook (Översikt, Äskanden, Balans, Kontroll, …)

Amounts are stored in tkr. Sums of input tables count every row between the header and
the sum row (`writing.running_sum`), so rows a committee inserts are included. Templates
are verified in LibreOffice (tests/test_templates_engine.py) and by a golden dump
(tests/golden/planeringsunderlag_GSN.json). User documentation: docs/planeringsunderlag.md,
docs/konsolidering.md.
"""
