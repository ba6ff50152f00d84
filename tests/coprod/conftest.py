"""The permission matrix says how many cases it ran, whatever the output capturing."""

from collections import Counter

import pytest

MATRIX_TEST = "test_permission_matrix.py::test_permission_matrix["


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line after the run: the matrix's cases, rows and URL names, and how they went."""
    outcomes: Counter[str] = Counter()
    for category, reports in terminalreporter.stats.items():
        for report in reports:
            if MATRIX_TEST not in getattr(report, "nodeid", ""):
                continue
            when = getattr(report, "when", None)
            if when == "call" or (when == "setup" and not report.passed):
                outcomes[category] += 1
    if not outcomes:
        return
    from tests.coprod.test_permission_matrix import CASES, MATRIX

    names = {row[0] for row in MATRIX}
    ran = ", ".join(f"{count} {category}" for category, count in sorted(outcomes.items()))
    terminalreporter.write_line(
        f"Permission matrix: {len(CASES)} cases ({len(MATRIX)} rows x 6 roles, "
        f"{len(names)} URL names); this run: {ran}"
    )
