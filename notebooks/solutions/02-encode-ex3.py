# Solution: 02-encode, exercise 3
def make_secret():
    return secrets.token_urlsafe(32)          # 32 random bytes, written as 43 characters


check_secret_strength(make_secret)
