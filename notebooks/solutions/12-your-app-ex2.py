def require_scope(scope):
    """@require_scope("orders:read"): a valid access token (as @require_token) holding that scope."""

    def decorator(view):
        @functools.wraps(view)
        @require_token  # verifies the token and puts its claims on g.claims, or refuses with 401
        def guarded(*args, **kwargs):
            if scope not in str(g.claims.get("scope", "")).split():
                raise bearer_refusal("insufficient_scope", f"this needs the {scope} scope", scope=scope)
            return view(*args, **kwargs)

        return guarded

    return decorator


check_scope_decorator(require_scope, flask_app)
