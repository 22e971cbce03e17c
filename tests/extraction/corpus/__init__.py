"""Generated extraction corpus: varied PDFs with CONTRACT section 2 ground truth."""

from .build import PRODUCERS, Case, camera_cases, cases, long_case, materialise, owner_locked_case, random_case
from .compare import accuracy, compare

__all__ = ["PRODUCERS", "Case", "accuracy", "camera_cases", "cases", "compare", "long_case", "materialise",
           "owner_locked_case", "random_case"]
