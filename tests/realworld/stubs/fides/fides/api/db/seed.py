# Stand-in for fides.api.db.seed: the keys a data migration binds as parameters.
DEFAULT_ACCESS_POLICY_RULE = "default_access_policy_rule"
DEFAULT_ERASURE_POLICY_RULE = "default_erasure_policy_rule"
