"""Home page panels: each app offers its own, and the page that gathers them sits above."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    """One section of the home page: a template and what it shows (read as `panel.…`)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
