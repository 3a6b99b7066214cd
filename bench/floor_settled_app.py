"""The floor page with its heap settled as the dashboard settles its own (lib/core/heap.py).

For reference only, printed beside the floor by bench/bench_views.py: what the floor would cost if
Streamlit's collection after every run did not walk its modules either. The budget is against
bench/floor_app.py, the framework as it ships.
"""

import sys
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lib.core.heap import settle_heap

settle_heap()  # as the dashboard's every run starts (lib/ui/context.py)
st.title("Floor")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])).update_layout(height=140), key="floor")
