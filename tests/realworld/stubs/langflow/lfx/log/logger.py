"""lfx's logger: a standard library logger is enough for the scripts."""
import logging

logger = logging.getLogger("lfx")
