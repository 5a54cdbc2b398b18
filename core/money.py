"""Amounts are integers in a currency's minor unit; how many decimals that unit has.

The decimals are CLDR's (what ``Intl.NumberFormat`` uses in the web app), so the API, the
emails and the browser read the same integer the same way: 12050 EUR is 120.50 EUR,
12050 JPY is 12,050 JPY. Pure functions: safe in workflow code.
"""

_DECIMALS: dict[str, int] = {
    **dict.fromkeys(
        # A list of codes reads best as one string.
        "AFN ALL BIF CLP COP DJF GNF HUF IDR IQD IRR ISK JPY KMF KPW KRW LAK LBP MGA MMK PKR PYG RWF SLL SOS SYP "  # noqa: SIM905
        "UGX VND VUV XAF XOF XPF YER".split(),
        0,
    ),
    **dict.fromkeys("BHD JOD KWD LYD OMR TND".split(), 3),  # noqa: SIM905
}
"""The currencies whose minor unit is not a hundredth (every other currency has 2 decimals)."""


def currency_decimals(currency: str) -> int:
    return _DECIMALS.get(currency.upper(), 2)


def format_money(amount: int, currency: str) -> str:
    """Minor units as a decimal amount and the code: ``(123450, "EUR")`` → ``1,234.50 EUR``."""
    decimals = currency_decimals(currency)
    sign = "-" if amount < 0 else ""
    major, minor = divmod(abs(amount), 10**decimals)
    fraction = f".{minor:0{decimals}d}" if decimals else ""
    return f"{sign}{major:,}{fraction} {currency.upper()}"
