# The constants manila's migrations use, with manila/common/constants.py's
# values (some end up in server defaults).
ACCESS_LEVEL_RW = 'rw'
ACCESS_STATE_ACTIVE = 'active'
ACCESS_STATE_ERROR = 'error'
ACCESS_STATE_QUEUED_TO_APPLY = 'queued_to_apply'
REPLICATION_TYPE_READABLE = 'readable'
REPLICA_STATE_ACTIVE = 'active'
SHARE_INSTANCE_RULES_SYNCING = 'syncing'
STATUS_ACTIVE = 'active'
STATUS_AVAILABLE = 'available'
STATUS_DELETING = 'deleting'
STATUS_ERROR = 'error'
STATUS_NETWORK_ACTIVE = 'active'
STATUS_NEW = 'new'
STATUS_OUT_OF_SYNC = 'out_of_sync'
STATUS_REPLICATION_CHANGE = 'replication_change'


class ExtraSpecs(object):
    SNAPSHOT_SUPPORT = "snapshot_support"
    CREATE_SHARE_FROM_SNAPSHOT_SUPPORT = "create_share_from_snapshot_support"
