"""ramkalk: budget frames (ramar) for a Swedish municipality's committees.

The subpackages are the stages of a run, and imports point down this list only:

    cli/          the command line (edges)
    addin/        ramkalk.addin: the Excel layer (folder addin/)
    templates/    ramkalk.templates: the planning templates and their consolidation (folder templates/)
    workbook/     the planning workbook file: reading, writing, the run from file to calculation
    example/      Exempelstad, the built-in example municipality
    report/       presenting a calculation: text, result workbook, model description, charts
    calculation/  the frames of a municipality, the checks of inputs and results
    rules/        the rules of the allocation model, and the registry of frame components
    schema/       the inputs: records, the declared tables and columns, cells
    core/         money, problems, a frame and its explanation lines

core, schema, rules and calculation import no file, Excel or plotting library
(tests/test_architecture.py). See docs/arkitektur.md.
"""

__version__ = "0.1.0"
