mystery = mystery_session(server.url, 'ada@example.com', 'correct horse battery staple')
print(send('POST', server.url + '/refresh', json_body={'refresh_token': mystery}).json()['message'])
print(api.refresh_tokens.describe(mystery))
why = 'reuse_detected'

check_refusal_reason(why, server.url, mystery)
