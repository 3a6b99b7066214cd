"""Deployment: nginx config, process definitions and the loopback cluster (python -m deploy.cluster)."""
