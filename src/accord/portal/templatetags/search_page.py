"""`{% search_page %}`: the search page from its frame (`portal.results`).

A tag, so that the page's own context is the first one a test or a debugging
tool sees: the frame is rendered, when it is not kept yet, with marks for
values, inside this template's rendering.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from accord.portal import results

register = template.Library()


@register.simple_tag(takes_context=True)
def search_page(context: template.Context) -> SafeString:
    return results.search_page(context["request"], context)
