"""Presenting a calculation: text, explanation of one frame, waterfalls, charts, the result
workbook and the model description. Imports the stages below; reads no planning workbook."""
