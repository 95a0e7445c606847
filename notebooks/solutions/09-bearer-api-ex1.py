import re


def token_from_header(header):
    if not header:
        return None
    # "Bearer", one or more spaces, one b64token (RFC 6750, section 2.1), nothing else
    match = re.fullmatch(r'[Bb][Ee][Aa][Rr][Ee][Rr] +([A-Za-z0-9\-._~+/]+=*) *', header.strip(' '))
    return match.group(1) if match else None


check_header_reader(token_from_header)
