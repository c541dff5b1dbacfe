"""``opex diff``: what a change to the records means, as Markdown for a pull-request comment.

A reviewer of a pull request sees changed YAML lines; this module says what they amount to.
Both sides -- two git revisions, or a revision and the work tree -- are loaded into a
validated :class:`~generator.records.catalogue.Catalogue` each, then compared record by record:

* records added (with what they hold), removed and renamed (same content, git's rename
  detection, or same name);
* per record, every field that changed, old -> new, list items matched by their key (an
  assessment by its date: ``assessment 2026-10-02 walk 3 -> 4``); an added item with what it
  holds, nested as an indented list; a removed item by its key;
* what follows from the change: alignment scores and tune-ups, the agreement's version and
  the signatures it makes stale, sign-off and partnership health -- computed with the same
  functions, and from the same edition of the records, as the site of that audience.

The staff edition (the default, because a pull-request comment is read by everyone with access
to the repository) never shows a confidential value: what the audience redaction hides of an
assessment (:func:`generator.domain.audience.hidden_paths`) is summarised ("feelings changed",
"2 resistance points added", "feelings: confidential") and confidential records are named by
id only.  ``--audience leadership`` shows everything.  Over GitHub's comment size, added items
lose what they hold, the last first (:mod:`generator.review.comment`).

Nothing is written into the project; each revision is read with ``git ls-tree`` and
``git cat-file --batch`` (one process each, whatever the number of records) into a temporary
folder.  Content that does not validate on either side stops the comparison: the report then
says so at its top and lists the problems briefly (:mod:`generator.review.invalid`), and they
come back in full, located as ``REV:content/leaders/x.yaml:14:5``.  A shallow clone without the
merge base is deepened once (``git fetch --unshallow``), else named as the cause.  The output is
sorted, so the same two trees always give the same bytes.
"""

from generator.review.comment import COMMENT_LIMIT, MARKER, Entry, render
from generator.review.derived import Derived, derive
from generator.review.differ import Differ
from generator.review.report import compare, diff_markdown, diff_report
from generator.review.sides import Side, load_side
from generator.review.values import change, code, fmt, prose

__all__ = [
    "COMMENT_LIMIT", "MARKER", "Derived", "Differ", "Entry", "Side", "change", "code", "compare",
    "derive", "diff_markdown", "diff_report", "fmt", "load_side", "prose", "render",
]  # fmt: skip
