# Solution: 02-encode, exercise 2
mystery = make_mystery_token()

mystery_part = mystery.split('.')[1]          # header.PAYLOAD.signature
my_payload = json.loads(base64url_decode(mystery_part))

check_payload_read_by_hand(my_payload, mystery)
