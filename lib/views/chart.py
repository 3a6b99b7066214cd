"""A figure as a view model carries it: the plotly figure, the table of exactly the numbers it draws
(the page's 数据表 popover offers it) and the file name its downloads take."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Chart:
    figure: object  # a plotly Figure (never changed once built: it is shared)
    table: pd.DataFrame
    filename: str
