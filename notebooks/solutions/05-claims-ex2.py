one_clause = jwt.InvalidTokenError

check_except_clause(one_clause)
