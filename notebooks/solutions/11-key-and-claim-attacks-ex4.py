# Solution: 11-key-and-claim-attacks, exercise 4
forged_7 = forge_hmac({**parts.header, 'alg': 'HS256'}, admin_claims, public_pem)

check_attack('algorithm confusion', forged_7, confusion_api, safe)
