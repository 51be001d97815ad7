"""`{% pegawai_sections "bkd_detail" %}`: the sections other apps registered for a pegawai page."""

from __future__ import annotations

from django import template

from ..sections import PegawaiPage, pegawai_sections_for

register = template.Library()


class PegawaiSectionsNode(template.Node):
    def __init__(self, page: template.base.FilterExpression):
        self.page = page

    def render(self, context) -> str:
        pegawai = context["pegawai"]
        actor = context.get("actor")
        parts = []
        for section in pegawai_sections_for(page=PegawaiPage(self.page.resolve(context))):
            extra = section.context(pegawai=pegawai, actor=actor)
            if extra is None:
                continue
            # Rendered in the page's own context, as {% include %} does: the section sees `actor`,
            # `pegawai` and the rest, plus what its context function read.
            section_template = context.template.engine.get_template(section.template_name)
            with context.push(extra):
                parts.append(section_template.render(context))
        return "".join(parts)


@register.tag
def pegawai_sections(parser, token) -> PegawaiSectionsNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the page")
    return PegawaiSectionsNode(parser.compile_filter(bits[1]))
