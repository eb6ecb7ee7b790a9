# Stand-in for fides.api.db.base_class: JSONTypeOverride is sqlalchemy_utils'
# JSONType whose bind / result conversions are json.dumps / json.loads
# whatever the dialect (c9ee230fa6da calls process_bind_param({}, JSON) to
# compute a server default).
import json

from sqlalchemy_utils import JSONType


class JSONTypeOverride(JSONType):
    cache_ok = True

    def process_bind_param(self, value, _):
        if value is not None:
            return json.dumps(value)
        return value

    def process_result_value(self, value, _):
        if value is not None:
            return json.loads(value)
        return value
