"""Plain-Python extraction over spaCy: text in, frozen dataclasses with offsets out. No Django here.

The public door for the rest of the project::

    from claims.extraction import Extraction, Failed, Job, build_nlp, extract, extract_many

``build_nlp`` and ``extract`` load spaCy, so they are imported on first use: importing this package (or
``types`` and ``batch``) stays cheap for processes that never parse, such as the web server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .batch import Failed, Job, extract_many
from .types import Extraction

if TYPE_CHECKING:
    from .nlp import build_nlp
    from .pipeline import extract

__all__ = ["Extraction", "Failed", "Job", "build_nlp", "extract", "extract_many"]


def __getattr__(name: str) -> Any:
    if name == "build_nlp":
        from .nlp import build_nlp

        return build_nlp
    if name == "extract":
        from .pipeline import extract

        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
