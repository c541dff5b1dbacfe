"""Tests: pdf."""
