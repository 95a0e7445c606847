"""A self-signed TLS certificate for 127.0.0.1, made at run time, so a lesson can serve HTTPS.

Real key servers speak HTTPS. A company's own server, or a test one, often has a certificate
that no public certificate authority signed, and Python then refuses to connect. The lesson
needs such a server: `self_signed_certificate()` makes the key pair and the certificate with
`cryptography`; its `context` is the `ssl.SSLContext` a server listens with, and
`certificate_file` is the PEM file a client names to trust it (`cafile=`). The private key is
read into the server's context and deleted from disk at once; the certificate is public.
"""

from __future__ import annotations

import atexit
import ipaddress
import shutil
import ssl
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

LOOPBACK_NAMES = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class SelfSignedCertificate:
    """A certificate that signs itself, for the names it lists, and the context to serve it."""

    pem: bytes  # the certificate, PEM: what a client trusts
    certificate_file: Path  # the same PEM in a file, for ssl.create_default_context(cafile=...)
    context: ssl.SSLContext  # a server's context holding the certificate and its private key


def signed_by_itself(key: Any, names: tuple[str, ...] = (), common_name: str = "course key server",
                     days: int = 1) -> x509.Certificate:
    """A certificate for `key`'s public half, signed by `key` itself, valid for `days` days,
    for `names` (IP addresses or host names)."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject)  # self-signed: it is its own issuer
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName([_name(name) for name in names]),
                                        critical=False)
    return builder.sign(key, hashes.SHA256())


def self_signed_certificate(names: tuple[str, ...] = LOOPBACK_NAMES,
                            common_name: str = "course key server") -> SelfSignedCertificate:
    """A fresh P-256 key and a certificate, valid for a day, for `names` (IP addresses or hosts)."""
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = signed_by_itself(key, names, common_name)
    folder = Path(tempfile.mkdtemp(prefix="course-tls-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    certificate_file = folder / "certificate.pem"
    certificate_file.write_bytes(pem)
    key_file = folder / "key.pem"
    key_file.touch(mode=0o600)
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(certificate_file, key_file)
    finally:
        key_file.unlink()  # the context holds it now; nothing private stays on disk
    return SelfSignedCertificate(pem, certificate_file, context)


def _name(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)
