"""airflow.configuration.conf with Airflow's defaults (only the fallback is read)."""


class _Conf:
    def get(self, section, key, fallback=None, **kwargs):
        return fallback

    def getint(self, section, key, fallback=None, **kwargs):
        return fallback

    def getboolean(self, section, key, fallback=None, **kwargs):
        return fallback


conf = _Conf()
