# Solution: 02-encode, exercise 1
SECRET_384 = secrets.token_urlsafe(48)        # 48 random bytes for SHA-384's 48-byte hash
my_token = jwt.encode({'user': 'ada'}, SECRET_384, algorithm='HS384')

check_hs384_token(my_token, SECRET_384)
