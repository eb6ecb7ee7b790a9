import re


def snakify(name):
    name = re.sub(r'(.)([A-Z][a-z]+)', r'\1_\2', name)
    return re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', name).lower()


def snakify_keys(dict_):
    if isinstance(dict_, dict):
        return {snakify(k): snakify_keys(v) for k, v in dict_.items()}
    if isinstance(dict_, list):
        return [snakify_keys(v) for v in dict_]
    return dict_
