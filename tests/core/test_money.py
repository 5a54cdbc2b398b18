import pytest

from core.money import currency_decimals, format_money


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (12050, "EUR", "120.50 EUR"),
        (5, "usd", "0.05 USD"),
        (123456789, "USD", "1,234,567.89 USD"),
        (12050, "JPY", "12,050 JPY"),
        (1234, "KWD", "1.234 KWD"),
        (-250, "EUR", "-2.50 EUR"),
        (0, "GBP", "0.00 GBP"),
    ],
)
def test_format_money_uses_the_currency_decimals(amount: int, currency: str, text: str) -> None:
    assert format_money(amount, currency) == text


def test_unknown_currencies_have_two_decimals() -> None:
    assert (currency_decimals("XYZ"), currency_decimals("jpy"), currency_decimals("BHD")) == (2, 0, 3)
