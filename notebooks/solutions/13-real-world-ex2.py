# Solution: 13-real-world, exercise 2
def public_key_from(text):
    pem = text.replace('\\n', '\n').encode()        # the line breaks back, if they were escaped
    if b'-----BEGIN CERTIFICATE-----' in pem:
        return x509.load_pem_x509_certificate(pem).public_key()
    return serialization.load_pem_public_key(pem)

check_public_key_reader(public_key_from)
