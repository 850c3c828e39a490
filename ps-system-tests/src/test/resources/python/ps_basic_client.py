"""A ps.basic-style client: Python's standard SocketHandler with the ps.basic extras, unchanged.

usage: ps_basic_client.py HOST PORT SYSTEM_ID MESSAGE_BYTES
Logs an INFO record with a message of MESSAGE_BYTES 'm' characters (0: a short unicode message), then an
ERROR record with an exception, then closes the handler (which flushes).
"""
import logging
import logging.handlers
import sys

host, port, system, size = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
logger = logging.getLogger("billing.worker")
logger.setLevel(logging.DEBUG)
handler = logging.handlers.SocketHandler(host, port)
logger.addHandler(handler)
extra = {"package_version": "1.2.3", "SYSTEM_ID": system, "SUB_SYSTEM_ID": "py-host",
         "SUB_SUB_SYSTEM_ID": "worker-1", "PRODUKT_ID": "shop", "USER_SPEC_1": "tenant-a", "USER_SPEC_2": "None"}
message = "m" * size if size else "Grüße from Python %s ✓"
logger.info(message, *(() if size else ("3.x",)), extra=extra)
try:
    1 / 0
except ZeroDivisionError:
    logger.exception("division failed for invoice %d", 4711, extra=extra)
handler.close()
