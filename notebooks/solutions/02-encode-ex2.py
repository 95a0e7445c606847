# Solution: 02-encode, exercise 2
mystery = jwt.encode({'user': 'grace', 'role': 'reader'}, secrets.token_urlsafe(32), algorithm='HS256')

payload_part = mystery.split('.')[1]          # header.PAYLOAD.signature
my_payload = json.loads(base64url_decode(payload_part))

check_payload_read_by_hand(my_payload, mystery)
