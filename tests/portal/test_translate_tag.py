"""The portal's `{% translate %}`: a constant text is kept once rendered, for
each language; anything else renders as Django's does."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from accord.portal.templatetags.portal import ConstantTranslateNode

TEMPLATE = Template(
    "{% load i18n portal %}"
    '{% translate "Skip to main content" %}|{% trans "Fees & <waivers>" %}'
)


def _render(language: str, autoescape: bool = True) -> str:
    with translation.override(language):
        return TEMPLATE.render(Context(autoescape=autoescape))


def test_a_constant_text_follows_the_language_each_time():
    assert len(TEMPLATE.nodelist.get_nodes_by_type(ConstantTranslateNode)) == 2
    for _ in range(2):
        assert _render("ja") == "本文へスキップ|Fees & <waivers>"
        assert _render("en") == "Skip to main content|Fees & <waivers>"


def test_django_never_escapes_a_template_text_so_the_language_is_the_whole_key():
    # What the kept rendering relies on, asked of Django's own tag (the kept
    # one would answer the same both times whatever Django did).
    django_only = Template(
        '{% load i18n %}{% translate "Fees & <waivers>" %}|'
        '{% translate "Skip to main content" %}'
    )
    for autoescape in (True, False):
        with translation.override("ja"):
            rendered = django_only.render(Context(autoescape=autoescape))
        assert rendered == "Fees & <waivers>|本文へスキップ"


def test_a_variable_a_filter_a_context_or_asvar_is_rendered_each_time():
    template = Template(
        "{% load i18n portal %}"
        "{% translate word %}|"
        '{% translate "Skip to main content"|upper %}|'
        '{% translate "May" context "month name" %}|'
        '{% translate "Skip to main content" as skip %}{{ skip }}'
    )
    assert template.nodelist.get_nodes_by_type(ConstantTranslateNode) == []
    with translation.override("en"):
        first = template.render(Context({"word": "one"}))
        second = template.render(Context({"word": "two"}))
    assert first == "one|SKIP TO MAIN CONTENT|May|Skip to main content"
    assert second.startswith("two|")
