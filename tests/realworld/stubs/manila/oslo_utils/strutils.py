TRUE = ('1', 't', 'true', 'on', 'y', 'yes')


def bool_from_string(subject, strict=False, default=False):
    if isinstance(subject, bool):
        return subject
    s = str(subject).strip().lower()
    if s in TRUE:
        return True
    if s in ('0', 'f', 'false', 'off', 'n', 'no'):
        return False
    return default


def int_from_bool_as_string(subject):
    return bool_from_string(subject) and 1 or 0
