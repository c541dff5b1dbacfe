"""Tests: review."""
