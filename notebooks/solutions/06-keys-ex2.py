loaded_key = serialization.load_pem_private_key(ENCRYPTED_PEM, password=b'correct horse battery staple')
loaded_token = jwt.encode({'sub': 'ada'}, loaded_key, algorithm='RS256')

check_loaded_key_token(loaded_token, ISSUER_PUBLIC_PEM)
