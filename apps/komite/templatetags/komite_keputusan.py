"""Template tags of the decisions part, used by the session page (templates/komite/sidang/)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def sidang_sebaran(context, sidang) -> str:
    """The session's nine-box before and after calibration, with the distribution warnings."""
    return ""  # komite keputusan: filled by the decisions part


@register.simple_tag(takes_context=True)
def agenda_keputusan(context, agenda) -> str:
    """The decision block of one agenda item: proposal, decision form or the recorded decision."""
    return ""  # komite keputusan: filled by the decisions part
