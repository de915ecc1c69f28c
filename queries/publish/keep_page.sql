-- A tenant-month of this run ($1 site, $2 tenant, $3 month, $4 fingerprint, $5 summary JSON).
INSERT INTO p_pages VALUES ($1, $2, $3, $4, $5);
