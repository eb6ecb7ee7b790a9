# Values of letta/constants.py at the measured commit.
BASE_TOOLS = ["send_message", "conversation_search", "archival_memory_insert", "archival_memory_search"]
BASE_MEMORY_TOOLS = ["core_memory_append", "core_memory_replace", "memory", "memory_apply_patch"]
FUNCTION_RETURN_CHAR_LIMIT = 50000
