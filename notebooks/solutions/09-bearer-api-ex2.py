mystery = mystery_session(server.url, 'ada@example.com', 'correct horse battery staple')
print(send('POST', server.url + '/refresh', json_body={'refresh_token': mystery}).json()['message'])
record = api.refresh_tokens.describe(mystery)
print(record)
if record is None:
    why = 'unknown'  # this server never issued it
elif record.family_revoked_because == 'logged out':
    why = 'logged_out'
else:
    why = 'reuse_detected'  # 'a used refresh token was presented again'

check_refusal_reason(why, server.url, mystery)
