"""Stripe's form encoding, as the SDK writes it (`[0]` indices) and as forms write it (`[]`)."""

import pytest

from tests.stripe_server.encoding import decode_form
from tests.stripe_server.errors import StripeError


def test_brackets_decode_into_nested_objects_and_arrays() -> None:
    encoded = (
        "line_items[0][price_data][unit_amount]=12500&line_items[0][quantity]=1"
        "&payment_intent_data[metadata][collaboration_id]=c-1&expand[]=payment_intent&expand[]=customer"
    )

    assert decode_form(encoded) == {
        "line_items": [{"price_data": {"unit_amount": "12500"}, "quantity": "1"}],
        "payment_intent_data": {"metadata": {"collaboration_id": "c-1"}},
        "expand": ["payment_intent", "customer"],
    }


def test_a_name_given_as_both_a_value_and_an_object_is_refused() -> None:
    with pytest.raises(StripeError) as refused:
        decode_form("metadata=x&metadata[a]=y")

    assert refused.value.status == 400
