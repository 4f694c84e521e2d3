"""The planning workbook file: reading it (with every cell checked), writing one, the run
from file to checked calculation (`pipeline`) and the adopted frames kept beside it."""
