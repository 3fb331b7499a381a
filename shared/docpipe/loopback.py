"""Whether a bind address is loopback: what decides that the API requires
keys and Flower basic auth (both are open only to this machine)."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 and ::1 (bracketed or not); not 0.0.0.0,
    which listens on every interface."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
