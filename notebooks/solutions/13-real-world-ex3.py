# Solution: 13-real-world, exercise 3
def github_app_jwt(app_id, private_key):
    issued = int(time.time()) - 60            # a minute back: GitHub's clock may be behind yours
    claims = {'iss': str(app_id),             # a string, though the app ID is a number
              'iat': issued,
              'exp': issued + 600}            # 10 minutes after iat: 9 minutes from now
    return jwt.encode(claims, private_key, algorithm='RS256')

check_github_app_jwt(github_app_jwt)
