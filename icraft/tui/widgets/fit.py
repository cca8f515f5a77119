"""Let one DataTable column take the width the others leave (DataTable has no `1fr` columns)."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable


def fill_column(table: DataTable[Any], key: str, *, minimum: int = 8) -> None:
    """Size column ``key`` so the row fits the table's width exactly (no horizontal scroll)."""
    width = table.scrollable_content_region.width
    if width <= 0 or key not in table.columns:
        return
    others = sum(c.get_render_width(table) for k, c in table.columns.items() if k != key)
    column = table.columns[key]  # type: ignore[index]
    target = max(minimum, width - others - 2 * table.cell_padding)
    if column.width == target and not column.auto_width:
        return
    column.width = target
    column.auto_width = False
    # DataTable recomputes its virtual size only when told its dimensions changed.
    table._require_update_dimensions = True
    table.refresh()
