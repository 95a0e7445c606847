# Solution: 02-encode, exercise 3
my_secret = secrets.token_urlsafe(32)         # 32 random bytes, written as 43 characters

check_secret_strength(my_secret)
