"""The pipeline every face calls: load -> validate -> render (build), the leak check beside the
build (leaks), and writing a site or an export (publish)."""

from generator.pipeline.build import Result, build_pages, validate, visible_catalogue

__all__ = ["Result", "build_pages", "validate", "visible_catalogue"]
