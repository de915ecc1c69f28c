-- The earliest incident created_at of the tenant(s) in m_params, in microseconds since the epoch:
-- the start of the history for history_months.
SELECT epoch_us(min(created_at)) AS earliest_us FROM m_all_incidents;
