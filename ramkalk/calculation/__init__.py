"""Computing a municipality from checked inputs: the frames (`frames`), the checks of the
inputs (`validation*`) and of the results (`plausibility`), sensitivity and version comparison. Pure: no files."""
