# Stand-in for fideslang.validation (8a71872089e4 validates existing names: none here).
class FidesValidationError(ValueError):
    pass


FidesKey = str


def validate_fides_key(value):
    return value
