# The id and audit columns every zou model shares (a mixin for the
# declarative classes the data migrations declare).
import sqlalchemy as sa
from sqlalchemy_utils import UUIDType

from zou.app.utils import date_helpers, fields


class BaseMixin(object):
    id = sa.Column(UUIDType(binary=False), primary_key=True, default=fields.gen_uuid)
    created_at = sa.Column(sa.DateTime, default=date_helpers.get_utc_now_datetime)
    updated_at = sa.Column(sa.DateTime, default=date_helpers.get_utc_now_datetime,
                           onupdate=date_helpers.get_utc_now_datetime)
