# Solution: 03-decode, exercise 2
def safe_decode(token):
    try:
        return jwt.decode(token, SECRET, algorithms=['HS256'])
    except jwt.InvalidTokenError:             # every refusal: signature, expiry, garbage...
        return None


check_safe_decode(safe_decode, SECRET)
