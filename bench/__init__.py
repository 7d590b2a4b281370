"""Benchmarks of the suite against native Odoo or a hand-written SQL lower bound.

Run them with python -m bench (see bench/README.md).
"""
