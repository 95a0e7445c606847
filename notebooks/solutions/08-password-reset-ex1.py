def reset_claims(token):
    try:
        claims = jwt.decode(token, RESET_KEY, algorithms=['HS256'],
                            options={'require': ['sub', 'purpose', 'jti', 'iat', 'exp', 'pwv']})
    except jwt.InvalidTokenError:
        return None
    if claims['purpose'] != 'password-reset':
        return None
    return claims


check_reset_check(reset_claims, RESET_KEY)
