"""Customer API shapes: light list rows (masked), the 360 detail, write inputs (CUST-1/4/10)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gasdesk.customers.choices import AREA_CHOICES, CATEGORY_CHOICES, FLAG_CHOICES, TIER_CHOICES
from gasdesk.customers.choices import flag_field as flag_field_name
from gasdesk.customers.masking import mask_id_number, mask_phone
from gasdesk.customers.models import Customer, CustomerAddress, Meter, TierChange
from gasdesk.org.models import OrgUnit, User
from gasdesk.standards.schema import CustomerFlag


class CustomerRowSerializer(serializers.Serializer[Any]):
    """Search results and list rows: the phone is always masked."""

    id = serializers.IntegerField()
    account_no = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    tier = serializers.CharField()
    is_active = serializers.BooleanField()
    org_unit_name = serializers.CharField()
    phone_masked = serializers.CharField()
    address = serializers.CharField()


class CustomerAddressSerializer(serializers.ModelSerializer[CustomerAddress]):
    class Meta:
        model = CustomerAddress
        fields = ["id", "text", "area", "is_primary"]


class MeterSerializer(serializers.ModelSerializer[Meter]):
    class Meta:
        model = Meter
        # retired_on: null while the meter is on site; the day it was replaced (METER-1).
        fields = ["id", "meter_no", "kind", "installed_on", "service_life_years", "retired_on"]


class CustomerSerializer(serializers.ModelSerializer[Customer]):
    """The customer 360 record; full numbers only when the view says the role may see them."""

    phones = serializers.SerializerMethodField()
    id_number = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()
    addresses = CustomerAddressSerializer(many=True, read_only=True)
    meters = MeterSerializer(many=True, read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)

    class Meta:
        model = Customer
        fields = [
            "id",
            "account_no",
            "name",
            "category",
            "id_number",
            "org_unit",
            "org_unit_name",
            "contract_volume_m3_per_day",
            "actual_volume_m3_per_day",
            "flags",
            "birthday",
            "customer_manager",
            "tier",
            "tier_is_manual",
            "tier_reason",
            "is_active",
            "phones",
            "addresses",
            "meters",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _full(self) -> bool:
        return bool(self.context.get("show_full"))

    def get_phones(self, customer: Customer) -> list[str]:
        numbers = [phone.number for phone in customer.phones.all()]
        return numbers if self._full() else [mask_phone(n) for n in numbers]

    def get_id_number(self, customer: Customer) -> str:
        return customer.id_number if self._full() else mask_id_number(customer.id_number)

    def get_flags(self, customer: Customer) -> list[str]:
        return sorted(flag.value for flag in customer.flags())


class AddressInput(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=300)
    area = serializers.ChoiceField(choices=AREA_CHOICES, required=False, allow_blank=True)
    is_primary = serializers.BooleanField(required=False, default=False)


class CustomerWriteInput(serializers.Serializer[Any]):
    """Types only; the rules (formats, uniqueness, scope) are the service's."""

    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    account_no = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    contract_volume_m3_per_day = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False
    )
    actual_volume_m3_per_day = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False
    )
    flags = serializers.MultipleChoiceField(choices=FLAG_CHOICES, required=False)
    birthday = serializers.DateField(required=False, allow_null=True)
    customer_manager = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True
    )
    is_active = serializers.BooleanField(required=False)
    phones = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    addresses = AddressInput(many=True, required=False)

    def to_service_data(self) -> dict[str, Any]:
        """Validated data in the services' vocabulary: `flags` become flag_<code> booleans."""
        data = dict(self.validated_data)
        if "flags" in data:
            chosen = set(data.pop("flags"))
            for flag in CustomerFlag:
                data[flag_field_name(flag)] = flag.value in chosen
        return data


class OverrideTierInput(serializers.Serializer[Any]):
    tier = serializers.ChoiceField(choices=TIER_CHOICES)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ClearOverrideInput(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class TierChangeSerializer(serializers.ModelSerializer[TierChange]):
    class Meta:
        model = TierChange
        fields = ["id", "at", "by", "by_name", "kind", "old_tier", "new_tier", "reason", "data"]
