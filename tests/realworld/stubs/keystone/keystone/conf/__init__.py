# keystone.conf.CONF: the one option the migrations read, at its default
# (keystone/conf/saml.py), which becomes a server default.
import types

CONF = types.SimpleNamespace(saml=types.SimpleNamespace(relay_state_prefix='ss:mem:'))
