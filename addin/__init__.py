"""The Excel layer of ramkalk: xlwings worksheet functions and macros.

`ramkalk.addin.functions`: =RAMMODELL (the model reference over the workbook's tables), =RAM,
=RAMFORKLARING, =RAMLISTA, =RAMBALANS, =RAMENHET. `ramkalk.addin.macros`: the result sheets and the planning
templates from the open workbook. `ramkalk.addin.models`: the computed models in memory, by a
hash of every input. Thin: no rule lives here. User guide: docs/tillagg.md.
"""
