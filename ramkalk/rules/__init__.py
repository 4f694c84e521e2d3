"""The rules of the resource-allocation model, one module per rule family; `components` is the
registry of frame components that every consumer iterates. Pure: no files."""
