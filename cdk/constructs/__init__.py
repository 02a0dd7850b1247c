"""Constructs shared by the stacks (python_function builds every Lambda)."""
