# Solution: 13-real-world, exercise 1
def cognito_access_check(claims):
    # What PyJWT cannot check: the kind of token, and the app client it was issued to.
    if claims.get('token_use') != 'access':
        raise jwt.InvalidTokenError(f"token_use is {claims.get('token_use')!r}, not 'access'")
    if claims.get('client_id') != COGNITO_CLIENT_ID:
        raise jwt.InvalidTokenError(f"issued to app client {claims.get('client_id')!r}, not to yours")

# audience=None: Cognito's access tokens have no aud, and PyJWT then refuses any token that has one
COGNITO_ACCESS = trust(cognito.issuer, audience=None, extra_check=cognito_access_check)

def verify_cognito_access(token):
    return verify(token, COGNITO_ACCESS)

check_cognito_verifier(verify_cognito_access, cognito)
