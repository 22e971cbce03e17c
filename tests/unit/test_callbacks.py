"""The SSRF rule for a court's callback_url (chalicelib.domain.callbacks): every refused range, both stages."""
import pytest

from chalicelib.domain.callbacks import UnsafeCallback, check_address, parse, vet

REFUSED = {
    "loopback": "127.0.0.1", "loopback-elsewhere": "127.8.9.10", "private-10": "10.1.2.3",
    "private-172": "172.16.0.1", "private-192": "192.168.1.1", "link-local/metadata": "169.254.169.254",
    "cgnat": "100.64.0.1", "multicast": "224.0.0.1", "reserved": "240.0.0.1", "broadcast": "255.255.255.255",
    "unspecified": "0.0.0.0", "this-network": "0.1.2.3", "documentation": "192.0.2.1",
    "v6-loopback": "::1", "v6-unspecified": "::", "v6-unique-local": "fd00::1", "v6-link-local": "fe80::1",
    "v6-link-local-zone": "fe80::1%eth0", "v6-multicast": "ff02::1", "v6-documentation": "2001:db8::1",
    "v4-mapped-metadata": "::ffff:169.254.169.254", "v4-mapped-loopback": "::ffff:127.0.0.1",
    "6to4-private": "2002:0a00:0001::1", "nat64-private": "64:ff9b::10.0.0.1",
}


@pytest.mark.parametrize("address", REFUSED.values(), ids=REFUSED.keys())
def test_every_non_public_range_is_refused(address):
    with pytest.raises(UnsafeCallback):
        check_address(address, local=False)
    with pytest.raises(UnsafeCallback):
        vet("https://court.example/cb", lambda host, port: [address], local=False)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"])
def test_public_addresses_pass(address):
    check_address(address, local=False)
    assert vet("https://court.example/cb", lambda h, p: [address], local=False).addresses == (address,)


def test_the_local_stage_alone_may_use_loopback_and_http():
    assert vet("http://127.0.0.1:8123/cb", lambda h, p: [], local=True).addresses == ("127.0.0.1",)
    assert vet("http://localhost:9/cb", lambda h, p: ["::1"], local=True).port == 9
    with pytest.raises(UnsafeCallback):
        vet("http://10.0.0.1/cb", lambda h, p: [], local=True)  # local or not, never the private network
    for url in ("http://127.0.0.1:8123/cb", "http://court.example/cb", "https://127.0.0.1/cb",
                "https://[::1]/cb", "https://93.184.216.34/cb"):
        with pytest.raises(UnsafeCallback):
            vet(url, lambda h, p: ["93.184.216.34"], local=False)


@pytest.mark.parametrize("url", ["ftp://court.example/", "javascript:alert(1)", "https://", "//court.example/",
                                 "https://user:pw@court.example/", "https://court.example:99999/", "file:///etc/passwd"])
def test_malformed_urls_are_refused(url):
    with pytest.raises(UnsafeCallback):
        vet(url, lambda h, p: ["93.184.216.34"], local=True)


def test_a_name_spelled_as_a_number_is_judged_by_what_it_resolves_to():
    with pytest.raises(UnsafeCallback):  # 2130706433 is 127.0.0.1 to getaddrinfo
        vet("https://2130706433/", lambda h, p: ["127.0.0.1"], local=False)


def test_parse_keeps_path_query_and_default_port():
    target = parse("https://Court.Example/a/b?x=1#frag", local=False)
    assert (target.host, target.port, target.path) == ("court.example", 443, "/a/b?x=1")
