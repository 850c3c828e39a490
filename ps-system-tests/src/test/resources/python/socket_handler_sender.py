"""Logs N records through Python's standard SocketHandler, as a ps.basic client does, then closes.

usage: socket_handler_sender.py HOST PORT N SYSTEM_ID [MESSAGE_BYTES]
"""
import logging
import logging.handlers
import sys

host, port, n, system = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
size = int(sys.argv[5]) if len(sys.argv) > 5 else 0
logger = logging.getLogger("bench.python")
logger.setLevel(logging.DEBUG)
handler = logging.handlers.SocketHandler(host, port)
logger.addHandler(handler)
extra = {"SYSTEM_ID": system, "SUB_SYSTEM_ID": "python-host", "package_version": "3.1.4", "PRODUKT_ID": "py"}
padding = "x" * size
for i in range(n):
    logger.info("python record %d %s", i, padding, extra=extra)
handler.close()
