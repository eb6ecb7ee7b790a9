from indico.util.enum import IndicoIntEnum


class PrincipalType(IndicoIntEnum):
    user = 1
    local_group = 2
    multipass_group = 3
    email = 4
    network = 5
    event_role = 6
    category_role = 7
    registration_form = 8
