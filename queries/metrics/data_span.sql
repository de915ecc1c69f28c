-- The first and the latest created_at of the incidents and alerts of a tenant ($1, NULL = all),
-- in microseconds since the epoch. The default period is the last month the data covers
-- completely (it ends on the latest created_at's day or later), a period the data stops inside
-- is partial, and a period without data is refused naming the months the data covers.
SELECT epoch_us(least(
           (SELECT min(created_at) FROM incidents WHERE $1 IS NULL OR tenant = $1),
           (SELECT min(created_at) FROM alerts WHERE $1 IS NULL OR tenant = $1))) AS first_us,
       epoch_us(greatest(
           (SELECT max(created_at) FROM incidents WHERE $1 IS NULL OR tenant = $1),
           (SELECT max(created_at) FROM alerts WHERE $1 IS NULL OR tenant = $1))) AS latest_us;
