"""Errors a user can act on: each names the input and the problem in one line."""


class UnspinError(Exception):
    """Base class; the CLI prints ``str(err)`` and exits with status 2."""


class InputError(UnspinError):
    """An input file that cannot be read as a document (empty, binary, huge, mis-encoded...)."""

    def __init__(self, name: str, problem: str):
        self.name = name
        self.problem = problem
        super().__init__(f"{name}: {problem}")


class IndexFolderError(UnspinError):
    """A corrupt, foreign, locked or incompatible index folder."""
