# The role choices (ChoiceType over them is VARCHAR(255) on PostgreSQL).
ROLE_TYPES = [("user", "Artist"), ("admin", "Studio Manager"),
              ("supervisor", "Supervisor"), ("manager", "Production Manager"),
              ("client", "Client"), ("vendor", "Vendor")]
