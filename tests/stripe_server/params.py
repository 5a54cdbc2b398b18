"""Reading decoded request parameters the way Stripe validates them.

Stripe refuses unknown parameters, missing required ones and malformed values with a 400
naming the parameter (`payment_intent_data[transfer_group]`), so a typo in the product's
call fails here as it would against Stripe."""

from typing import Any

from tests.stripe_server.errors import invalid_param, invalid_request, missing_param

ALWAYS_ALLOWED = frozenset({"expand"})


class Params:
    """One level of parameters: the top of a request, or a nested object such as `payment_intent_data`."""

    def __init__(self, values: dict[str, Any], prefix: str = "") -> None:
        self.values = values
        self.prefix = prefix

    def name(self, key: str) -> str:
        """The parameter's full name as Stripe reports it in `error.param`."""
        return f"{self.prefix}[{key}]" if self.prefix else key

    def allow(self, *keys: str) -> None:
        """Refuse any parameter at this level other than `keys`."""
        for key in self.values:
            if key not in keys and not (not self.prefix and key in ALWAYS_ALLOWED):
                raise invalid_request(
                    f"Received unknown parameter: {self.name(key)}", param=self.name(key), code="parameter_unknown"
                )

    def string(self, key: str) -> str | None:
        value = self.values.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise invalid_param(self.name(key), f"Invalid string: {self.name(key)} must be a string.")
        return value

    def required_string(self, key: str) -> str:
        value = self.string(key)
        if value is None:
            raise missing_param(self.name(key))
        return value

    def integer(self, key: str) -> int | None:
        value = self.string(key)
        if value is None:
            return None
        if not value.lstrip("-").isdigit():
            raise invalid_param(self.name(key), f"Invalid integer: {value}")
        return int(value)

    def positive_amount(self, key: str) -> int | None:
        value = self.integer(key)
        if value is not None and value <= 0:
            raise invalid_param(self.name(key), "This value must be greater than or equal to 1.")
        return value

    def boolean(self, key: str) -> bool:
        value = self.string(key)
        if value in (None, "false"):
            return False
        if value == "true":
            return True
        raise invalid_param(self.name(key), f"Invalid boolean: {value}")

    def nested(self, key: str) -> "Params":
        """The object at `key` (empty when absent)."""
        value = self.values.get(key, {})
        if not isinstance(value, dict):
            raise invalid_param(self.name(key), f"Invalid object: {self.name(key)} must be an object.")
        return Params(value, self.name(key))

    def array(self, key: str) -> list[Any]:
        value = self.values.get(key, [])
        if not isinstance(value, list):
            raise invalid_param(self.name(key), f"Invalid array: {self.name(key)} must be an array.")
        return value

    def objects(self, key: str) -> list["Params"]:
        """An array of objects, such as `line_items`."""
        items = self.array(key)
        if not all(isinstance(item, dict) for item in items):
            raise invalid_param(self.name(key), f"Invalid array: {self.name(key)} must hold objects.")
        return [Params(item, f"{self.name(key)}[{index}]") for index, item in enumerate(items)]

    def metadata(self) -> dict[str, str]:
        """`metadata[...]`: string values; an empty value unsets the key, as in Stripe."""
        nested = self.nested("metadata")
        if not all(isinstance(value, str) for value in nested.values.values()):
            raise invalid_param(nested.prefix, "Invalid metadata: values must be strings.")
        return {key: value for key, value in nested.values.items() if value != ""}

    def expand(self) -> list[str]:
        paths = self.array("expand")
        if not all(isinstance(path, str) for path in paths):
            raise invalid_param("expand", "Invalid array: expand must hold strings.")
        return paths
