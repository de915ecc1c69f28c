-- Whether the aggregate queries group by tenant (true: one row per tenant of the scope) or not
-- (false: one row for the whole scope, key '*').
UPDATE m_params SET by_tenant = $1;
