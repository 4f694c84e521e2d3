"""The Excel layer of ramkalk (xlwings worksheet functions and macros).

Not built yet: the worksheet functions (=RAM(...) and its sisters) and the macros are
issue 4. This package exists because the product layout fixes it; it holds no code
until then, so nothing here pretends to work.
"""
