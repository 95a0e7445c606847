# Solution: 10-attack-lab, exercise 3
forged_3 = forge_hmac({'alg': 'HS256', 'typ': 'JWT'}, {**parts.payload, 'role': 'admin'}, cracked)

check_attack('weak secret', forged_3, weak_secret_api, safe)
