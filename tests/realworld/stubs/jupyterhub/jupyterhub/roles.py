"""jupyterhub.roles as 651f5419b74d uses it (only over role-map rows)."""


def roles_to_scopes(roles):
    return set()
