from django import template

from apps.core.permissions import role_has_permission
from apps.core.text import titik_tunggal as _titik_tunggal

register = template.Library()


@register.filter
def can(actor, permission: str) -> bool:
    """`{% if actor|can:"unit_kerja.manage" %}`: the permission matrix, in templates."""
    if actor is None or not actor.is_authenticated:
        return False
    return role_has_permission(role=actor.role, permission=permission)


@register.filter
def get_item(mapping, key):
    """`{{ old_values|get_item:name }}`: dictionary lookup with a variable key."""
    if not isinstance(mapping, dict):
        return None
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def querystring_halaman(context, param: str, number) -> str:
    """`{% querystring_halaman "hal_memenuhi" page_obj.next_page_number %}`: the request's query
    string with one page parameter set (its name a variable), for pages that paginate more than
    one list; the other parameters (filters, the other lists' pages) are kept."""
    params = context["request"].GET.copy()
    params[param or "page"] = number
    return f"?{params.urlencode()}"


@register.filter(is_safe=True)
def titik_tunggal(value):
    """`{% filter titik_tunggal %}…{{ nama }}.{% endfilter %}`: no "S.Pd.." after a name that ends
    with a full stop (apps/core/text.py). Safe input stays safe: only a "." is removed."""
    return _titik_tunggal(value)  # is_safe: Django keeps safe input marked safe
