class CurrencyConverter:
    no_currency = "XXX"  # as ihatemoney/currency_convertor.py
