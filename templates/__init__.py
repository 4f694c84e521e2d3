"""The planning-template generator (planeringsunderlag) and its layout.

Not built yet: the generator and the layout shared with the consolidation are issue 5.
This package exists because the product layout fixes it; it holds no code until then.
"""
