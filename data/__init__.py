"""Deterministic demo / benchmark data generator of the CRM suite (see README.md).

Command line: ``python -m data.generate --db NAME --scale small|medium|large --seed N``.
Library: ``from data.generate import generate``.
"""
