"""Stand-in for mlflow's model registry models: the table names the
migrations read through __tablename__."""


def _named(cls_name, table):
    return type(cls_name, (), {"__tablename__": table})


SqlRegisteredModel = _named("SqlRegisteredModel", "registered_models")
SqlModelVersion = _named("SqlModelVersion", "model_versions")
SqlRegisteredModelTag = _named("SqlRegisteredModelTag", "registered_model_tags")
SqlModelVersionTag = _named("SqlModelVersionTag", "model_version_tags")
SqlRegisteredModelAlias = _named("SqlRegisteredModelAlias", "registered_model_aliases")
SqlWebhook = _named("SqlWebhook", "webhooks")
SqlWebhookEvent = _named("SqlWebhookEvent", "webhook_events")
