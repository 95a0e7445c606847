# Solution: 07-key-sets, exercise 2
for name, token in suspects.items():  # (a real API makes one PyJWKClient at start-up)
    try:
        key = jwt.PyJWKClient(JWKS_URL).get_signing_key_from_jwt(token)
        jwt.decode(token, key, algorithms=['RS256'])
    except (jwt.PyJWTError, ValueError) as error:
        print(name, jwt.get_unverified_header(token), type(error).__name__, error)

# a: PS256 is not in algorithms=['RS256']   b: no kid in the header (PyJWKClient looks for None)
# c: key-1 did not make that signature      d: nobody published 'key-01'
my_reasons = {'a': 'algorithm not allowed', 'b': 'no kid', 'c': 'wrong key', 'd': 'unknown kid'}

check_refusal_reasons(my_reasons, suspects, JWKS_URL)
