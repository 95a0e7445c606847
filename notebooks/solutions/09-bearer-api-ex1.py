def token_from_header(header):
    if not header:
        return None
    scheme, _, token = header.strip().partition(' ')
    token = token.strip()
    if scheme.lower() != 'bearer' or not token or ' ' in token:
        return None
    return token


check_header_reader(token_from_header)
