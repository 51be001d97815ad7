from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from .api import RESPONSE_FORBIDDEN as FORBIDDEN
from .api import RESPONSE_NOT_FOUND as NOT_FOUND
from .api import TenantViewSet
from .models import AuditEvent
from .serializers import AuditEventSerializer


@extend_schema_view(
    list=extend_schema(responses={200: AuditEventSerializer(many=True), 403: FORBIDDEN}),
    retrieve=extend_schema(responses={200: AuditEventSerializer, 403: FORBIDDEN, 404: NOT_FOUND}),
)
class AuditEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """The caller's instansi's audit trail, newest first. Filter: `action`."""

    model = AuditEvent
    serializer_class = AuditEventSerializer
    permission_map = {"list": "audit.view", "retrieve": "audit.view"}

    def safely_get_queryset(self, queryset):
        action = self.request.query_params.get("action")
        return queryset.filter(action=action) if action else queryset
