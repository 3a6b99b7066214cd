"""The floor for any plotly page: a minimal Streamlit page with one small plotly chart.

bench/bench_pages.py serves this beside the dashboard and measures both alternately.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])).update_layout(height=140), key="floor")
