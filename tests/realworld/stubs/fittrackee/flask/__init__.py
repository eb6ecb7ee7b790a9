# Only current_app.config is read (a data migration moving upload folders).
import tempfile


class _App:
    config = {"UPLOAD_FOLDER": tempfile.gettempdir() + "/fittrackee-uploads-absent"}


current_app = _App()
