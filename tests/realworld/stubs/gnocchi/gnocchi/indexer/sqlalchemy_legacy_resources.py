# The legacy Ceilometer resource types: rows two data migrations insert or
# update in resource_type (no schema); left empty here.
ceilometer_resources = {}
ceilometer_tablenames = {}
