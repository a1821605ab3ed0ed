"""Cells that a spreadsheet will not run: every CSV and XLSX the app writes goes through here."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets
# (OWASP "CSV injection"); tab and carriage return hide one behind a blank start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Return ``value`` unchanged unless it is text a spreadsheet would evaluate; then
    prefix an apostrophe, which spreadsheets show as text and do not display."""
    # Leading spaces count as blank too: some importers trim them (LibreOffice's "trim
    # spaces", Google Sheets' whitespace clean-up) and would then see the formula.
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def safe_row(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [safe_cell(value) for value in values]
