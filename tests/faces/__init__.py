"""Tests: faces."""
