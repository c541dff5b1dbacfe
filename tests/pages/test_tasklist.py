"""Task-list checkboxes are named by their item's text (generator/pages/tasklist.py)."""

from __future__ import annotations

import markdown
import pytest

from generator.pages.tasklist import TaskListNames


def _convert(source: str, custom_checkbox: bool = True) -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.tasklist", TaskListNames()],
        extension_configs={"pymdownx.tasklist": {"custom_checkbox": custom_checkbox}},
    )
    return md.convert(source)


BOX = '<label class="task-list-control"><input aria-label="{}" type="checkbox" disabled{}/><span class="task-list-indicator"></span></label>'


def test_each_checkbox_is_named_by_its_own_text_not_a_nested_list() -> None:
    html = _convert(
        '- [ ] Charter *signed* by the `sponsor` & "team"\n'
        "- [x] Done \\*really\\*\n"
        "    - [ ] Nested <b>item</b>\n"
        "- no box\n"
    )
    assert html == (
        '<ul class="task-list">\n'
        f'<li class="task-list-item">{BOX.format("Charter signed by the sponsor &amp; &quot;team&quot;", "")}'
        ' Charter <em>signed</em> by the <code>sponsor</code> &amp; "team"</li>\n'
        f'<li class="task-list-item">{BOX.format("Done *really*", " checked")} Done *really*'
        '<ul class="task-list">\n'
        f'<li class="task-list-item">{BOX.format("Nested item", "")} Nested <b>item</b></li>\n'
        "</ul>\n</li>\n<li>no box</li>\n</ul>"
    )


def test_a_loose_list_names_the_checkbox_by_its_first_paragraph() -> None:
    html = _convert("1. [ ] loose\n\n    more text\n\n2. [X] second\n")
    assert f"<p>{BOX.format('loose', '')} loose</p>\n<p>more text</p>" in html
    assert f"<p>{BOX.format('second', ' checked')} second</p>" in html


@pytest.mark.parametrize("custom_checkbox", [True, False])
def test_every_checkbox_has_a_name(custom_checkbox: bool) -> None:
    html = _convert("- [ ] one\n- [x] two\n", custom_checkbox)
    assert html.count("<input ") == html.count('<input aria-label="') == 2
    if not custom_checkbox:
        assert '<input aria-label="one" type="checkbox" disabled/> one' in html
