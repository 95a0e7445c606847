def verify(token):
    try:
        return jwt.decode(token, SECRET, algorithms=['HS256'], audience='orders-api',
                          issuer=ISSUER, options={'require': ['exp', 'iat', 'sub']})
    except jwt.InvalidTokenError:
        return None


check_policy_verifier(verify, SECRET)
