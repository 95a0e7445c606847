def test_expired_token_gets_401(client, make_token, time_machine):
    time_machine.move_to(datetime(2030, 1, 1, 12, 0, 0, tzinfo=timezone.utc), tick=False)
    headers = {"Authorization": f"Bearer {make_token()}"}  # lives 5 minutes, until 12:05:00
    assert client.get("/me", headers=headers).status_code == 200

    time_machine.shift(timedelta(minutes=5, seconds=4))  # 12:05:04: past exp, within the leeway
    assert client.get("/me", headers=headers).status_code == 200

    time_machine.shift(timedelta(seconds=1))  # 12:05:05: exp + leeway, refused from here on
    refused = client.get("/me", headers=headers)
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused.headers["www-authenticate"]


check_expiry_test(test_expired_token_gets_401)
