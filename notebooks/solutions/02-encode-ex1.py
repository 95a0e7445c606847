# Solution: 02-encode, exercise 1
my_token = jwt.encode({'user': 'ada'}, SECRET, algorithm='HS384')

check_hs384_token(my_token, SECRET)
