# Stand-in for fides.api.models.privacy_notice (f9b28f36b53e: sa.Enum(ConsentMechanism)).
from enum import Enum


class ConsentMechanism(str, Enum):
    opt_in = "opt_in"
    opt_out = "opt_out"
    notice_only = "notice_only"
