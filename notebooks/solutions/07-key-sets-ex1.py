# Solution: 07-key-sets, exercise 1
# 1. publish the PUBLIC half; the set is readable by anyone
issuer.publish(my_key.public_key(), kid='my-key', algorithm='ES256')

# 2. sign with the private key, and say which key it was
my_token = jwt.encode({'sub': 'me'}, my_key, algorithm='ES256', headers={'kid': 'my-key'})

check_second_key(my_token, JWKS_URL)
