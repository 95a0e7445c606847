# Solution: 11-key-and-claim-attacks, exercise 5
my_verdicts = {}
for name, token in stolen.items():
    duel = send_to_both(token, lax_api, safe)
    print(duel, end='\n\n')
    my_verdicts[name] = duel.safe.exception

check_replay_verdicts(my_verdicts, stolen, lax_api, safe)
