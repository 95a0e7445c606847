# Solution: 11-key-and-claim-attacks, exercise 1
forged_5 = forge_with_jku(parts.header, admin_claims, my_key, my_jwks_url)

check_attack('jku', forged_5, jku_api, safe)
