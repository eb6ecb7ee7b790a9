# keystone/identity/mapping_backends/mapping.py: the enum values only.
class EntityType:
    USER = 'user'
    GROUP = 'group'
