from sqlalchemy import func


def get_json_extract_field(session, base_field, key):
    # keep/api/core/db_utils.py, the PostgreSQL branch.
    return func.json_extract_path_text(base_field, key)
