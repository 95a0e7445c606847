ada_key = ec.generate_private_key(ec.SECP256R1())
my_token = jwt.encode({'sub': 'ada'}, ada_key, algorithm='ES256')
my_public_pem = ada_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo)

check_es256_pair(my_token, my_public_pem)
