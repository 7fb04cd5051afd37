from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Deletion


class DeletionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="record_id", read_only=True, help_text=_("The deleted record's id"))
    type = serializers.CharField(read_only=True, help_text=_("The record's type, as its route names it"))

    class Meta:
        model = Deletion
        fields = ["type", "id", "deleted_at"]
        read_only_fields = fields
