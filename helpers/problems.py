"""The one exception type the helpers raise for bad learner input."""


class InputProblem(ValueError):
    """Bad input, described in one line: what is wrong, then how to fix it."""
