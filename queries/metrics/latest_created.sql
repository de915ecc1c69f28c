-- The latest incident created_at (else the latest alert created_at) of a tenant ($1, NULL = all),
-- in microseconds since the epoch: the default period is the calendar month that contains it.
SELECT coalesce(
    (SELECT epoch_us(max(created_at)) FROM incidents WHERE $1 IS NULL OR tenant = $1),
    (SELECT epoch_us(max(created_at)) FROM alerts WHERE $1 IS NULL OR tenant = $1)
) AS latest_us;
