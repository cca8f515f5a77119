"""Fit a DataTable to its width without cutting a value (DataTable has no `1fr` columns):
every column but one is as wide as its widest value or header, and the one left (a title,
a reason) takes the width that remains and wraps its text onto more lines."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable


def cell_width(value: object) -> int:
    plain = value.plain if isinstance(value, Text) else str(value)
    return max((cell_len(line) for line in plain.splitlines()), default=0)


def fill_column(table: DataTable[Any], key: str, *, minimum: int = 8) -> None:
    """Size every other column to its widest cell or header (so no value or header is cut)
    and column ``key`` so the row fits the table's width exactly (no horizontal scroll
    while the table is wider than the other columns). Rows added with ``height=None``
    wrap the ``key`` column's text and are measured again for its new width."""
    if key not in table.columns:
        return
    changed = False
    for k, column in table.columns.items():
        if k == key:
            continue
        wanted = max([cell_width(column.label), *(cell_width(v) for v in table.get_column(k))])
        if column.width != wanted or column.auto_width:
            column.width, column.auto_width, changed = wanted, False, True
    width = table.scrollable_content_region.width
    if width > 0:
        others = sum(c.get_render_width(table) for k, c in table.columns.items() if k != key)
        column = table.columns[key]  # type: ignore[index]
        target = max(minimum, width - others - 2 * table.cell_padding)
        if column.width != target or column.auto_width:
            column.width, column.auto_width, changed = target, False, True
    if not changed:
        return
    # Wrapped rows take the height their text needs at the new width; DataTable measures a
    # row's height only when it is new, so the auto-height rows are handed in again.
    for row_key, row in table.rows.items():
        if row.auto_height:
            row.height = 0
            table._new_rows.add(row_key)
    table._require_update_dimensions = True
    table.refresh()
