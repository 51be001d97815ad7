from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_check


@require_GET
@never_cache
def healthz(request):
    """Public liveness probe for load balancers and compose: no worker names, no details."""
    report = health_check(include_workers=False)
    return JsonResponse(
        {"status": "ok" if report.ok else "error", "database": report.database, "redis": report.redis},
        status=200 if report.ok else 503,
    )
