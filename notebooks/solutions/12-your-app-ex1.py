async def orders_reader(claims: Claims) -> dict:
    """Only verified tokens whose scope holds the word orders:read; a 403 for the others."""
    if "orders:read" not in str(claims.get("scope", "")).split():
        raise bearer_refusal("insufficient_scope", "this needs the orders:read scope", scope="orders:read")
    return claims


check_orders_dependency(orders_reader, fastapi_app)
