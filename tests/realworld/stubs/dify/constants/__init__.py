# Stand-in for dify's api/constants (d8e744d88ed6 uses UUID_NIL).
UUID_NIL = "00000000-0000-0000-0000-000000000000"
