# Solution: 03-decode, exercise 1
suspects = {
    'a': jwt.encode({'user': 'lin'}, SECRET, algorithm='HS256'),
    'b': jwt.encode({'user': 'lin'}, secrets.token_urlsafe(32), algorithm='HS256'),
    'c': forged,
}

my_verdicts = {}
for name, suspect in suspects.items():
    try:
        jwt.decode(suspect, SECRET, algorithms=['HS256'])
        my_verdicts[name] = True
    except jwt.InvalidTokenError:
        my_verdicts[name] = False

check_verdicts(my_verdicts, suspects, SECRET)
