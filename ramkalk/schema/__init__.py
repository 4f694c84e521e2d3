"""The inputs: the records of a planning workbook (`inputs`), the declared tables and columns
every reader, template and the add-in use (`tables`), how one cell is converted (`cells`), and the
process versions (`versions`). Pure: no files."""
