"""Pure-Python rules of the one-stop desk; imports nothing else of the project."""
