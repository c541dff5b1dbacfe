"""The domain: what the records mean, computed from a catalogue and one as-of date.

scoring (alignment scores and scorecards), agreements (signature ledger, partnership health),
deployment (the two paths, reviews, bowling charts and their follow-up, the cascade, registers,
reflection, A3 reports), xmatrix (the X-matrix's relations; xmatrix_words its entries' words,
correlations the contributions records declare), audience (what the staff edition leaves out), links (cross-references
both ways), figures (the one rule for rounding and writing figures).  Everything returns data,
never HTML or Markdown, and reads no clock, file or setting of its own.
"""

from generator.domain.audience import Hidden, hidden_paths, redact
from generator.domain.scoring import Weights, org_scorecard

__all__ = ["Hidden", "Weights", "hidden_paths", "org_scorecard", "redact"]
