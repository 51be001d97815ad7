from rest_framework import serializers

from .models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor_label",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "old_values",
            "new_values",
            "ip_address",
            "request_id",
        ]
