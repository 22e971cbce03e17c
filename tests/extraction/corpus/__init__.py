"""Generated extraction corpus: varied PDFs with CONTRACT section 2 ground truth."""

from .build import PRODUCERS, Case, cases, long_case, materialise, owner_locked_case, random_case
from .compare import accuracy, compare

__all__ = ["PRODUCERS", "Case", "accuracy", "cases", "compare", "long_case", "materialise", "owner_locked_case", "random_case"]
