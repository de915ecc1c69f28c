-- Whether the aggregate queries group by tenant (true: one row per tenant of the scope) or not
-- (false: one row for the whole scope, key '*'): m_scope_key in scope.sql reads it.
SET VARIABLE m_by_tenant = CAST($1 AS BOOLEAN);
