# Solution: 04-expiry, exercise 1
expires = datetime.now(timezone.utc) + timedelta(minutes=10)     # aware: it knows it is UTC
my_token = jwt.encode({'user': 'ada', 'exp': expires}, SECRET, algorithm='HS256')

check_ten_minute_token(my_token, SECRET, expires)
