"""Stand-in for mwdb.model: revision 7nsxysyisgrc takes the enum class used
for openid_provider.oidc_groups_management_mode (sa.Enum(cls) names its type
after the lowercased class name, as the application's does)."""
from enum import Enum


class OpenIDGroupManagementMode(Enum):
    NONE = "NONE"
    FULL = "FULL"
    MIXED = "MIXED"
