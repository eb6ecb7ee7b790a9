# What quay's data/migrations/env.py passes to context.configure() online.
OPTIONS = {"transactional_ddl": False, "render_as_batch": True}
