"""Where the platform may send a court's notifications: the SSRF rule for `callback_url` (issue 8).

A court's `callback_url` is typed by a person and resolved by DNS someone else
controls, so a notification could be aimed at the platform's own network: the
instance metadata service (169.254.169.254), a database on a private address,
localhost. The rule, checked when the URL is set and again before every send
(DNS can change in between):

- `https` only; plain `http` on the local stage alone (CONTRACT §3);
- no user:password@ part (credentials in a URL leak into logs and proxies);
- a host name, not an IP literal (a court's endpoint has a name its TLS
  certificate is issued for; literals also come in octal and other disguises),
  except for loopback on the local stage, which serves http://127.0.0.1;
- every address the host names (an IP literal, or every address DNS returns)
  must be a public unicast address: not loopback, private (RFC 1918, fc00::/7),
  link-local (169.254.0.0/16, fe80::/10), shared/CGNAT (100.64.0.0/10),
  multicast, reserved, unspecified or documentation space; an IPv6 address
  carrying an IPv4 one (IPv4-mapped ::ffff:a.b.c.d, 6to4, Teredo, NAT64) is
  judged by the IPv4 address it carries. The local stage alone may use loopback.

Resolution is a port (`Resolver`): the adapter passes the system resolver,
tests a table.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from chalicelib.domain.exceptions import InvalidValue

Resolver = Callable[[str, int], list]  # (host, port) -> the addresses it names, as text; [] when none
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_DEFAULT_PORTS = {"https": 443, "http": 80}


class UnsafeCallback(InvalidValue):
    code = "invalid_callback_url"


@dataclass(frozen=True)
class Target:
    """A callback URL taken apart, and the addresses it may be reached at."""

    scheme: str
    host: str  # as written (a name, or an IP literal without brackets): the Host header and TLS SNI
    port: int
    path: str  # path and query, as sent in the request line
    addresses: tuple[str, ...] = ()


def parse(url: str, *, local: bool) -> Target:
    """The URL's parts, or UnsafeCallback saying what is wrong with its form."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeCallback("callback_url is not a valid URL") from None
    allowed = ("https", "http") if local else ("https",)
    if parts.scheme not in allowed:
        raise UnsafeCallback(f"callback_url must be {' or '.join(allowed)}")
    if not parts.hostname:
        raise UnsafeCallback("callback_url needs a host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeCallback("callback_url must not carry a user name or password")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port or _DEFAULT_PORTS[parts.scheme], path)


def check_address(address: str, *, local: bool) -> None:
    """UnsafeCallback unless `address` is one the platform may connect to."""
    ip = ipaddress.ip_address(address.split("%")[0])  # a zone id (fe80::1%eth0) does not change the range
    carried = _carried_ipv4(ip)
    if carried is not None:
        ip = carried
    if local and ip.is_loopback:
        return
    if ip.is_multicast or not ip.is_global:
        raise UnsafeCallback(f"callback_url resolves to {address}, which is not a public address")


def vet(url: str, resolve: Resolver, *, local: bool, must_resolve: bool = True) -> Target:
    """The target with every address checked; a name that resolves to nothing fails only if `must_resolve`."""
    target = parse(url, local=local)
    if _literal(target.host) is not None:
        if not local:
            raise UnsafeCallback("callback_url must name a host, not an IP address")
        addresses = [target.host]
    else:
        addresses = list(resolve(target.host, target.port))
    if not addresses and must_resolve:
        raise UnsafeCallback(f"callback_url host {target.host} does not resolve")
    for address in addresses:
        check_address(address, local=local)
    return Target(target.scheme, target.host, target.port, target.path, tuple(addresses))


def _literal(host: str):
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return None


def _carried_ipv4(ip) -> ipaddress.IPv4Address | None:
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None
