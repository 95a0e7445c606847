# Solution: 04-expiry, exercise 2
def verify_reset_token(token):
    try:
        claims = jwt.decode(token, SECRET, algorithms=['HS256'],
                            options={'require': ['exp', 'iat', 'sub', 'jti', 'purpose']})
    except jwt.InvalidTokenError:             # expired, forged, foreign, missing claims...
        return None
    if claims['purpose'] != 'password-reset':
        return None
    return claims['sub']


check_reset_verifier(verify_reset_token, SECRET, make_reset_token)
