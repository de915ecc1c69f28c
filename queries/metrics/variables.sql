-- The period and tenant of m_params as session variables, which DuckDB folds into constants
-- when it plans a query: the views of scope.sql filter the facts with them, so
-- each scan prunes by created_at and tests the tenant once rather than on every row.
SET VARIABLE m_period_from = (SELECT period_from FROM m_params);
SET VARIABLE m_period_to = (SELECT period_to FROM m_params);
SET VARIABLE m_tenant = (SELECT tenant FROM m_params);
-- The earliest end of the periods of periods.sql (the period's end, or a history's first month's).
SET VARIABLE m_first_end = (SELECT min(period_to) FROM m_periods);
