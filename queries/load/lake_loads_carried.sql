-- The data-quality record a lake's manifest carries ($1: its `loads` list as JSON text;
-- export/lake_loads.sql wrote it), as loads of this load at the position of the lake's first
-- file ($2): the files its database had loaded, with the rows each read, loaded and rejected
-- per tenant. An automation export without rows is one of them, so a client whose export held
-- no run keeps its measured zero.
INSERT INTO loads (load_id, file_seq, file, format, kind, rows_read, rows_loaded, rows_rejected, loaded_at, source, file_key, tenant_rows)
SELECT (SELECT load_id FROM sg_settings), $2, l.file, l.format, l.kind, l.rows_read, l.rows_loaded,
       l.rows_rejected, (SELECT loaded_at FROM sg_settings), l.source, l.file_key, l.tenant_rows
FROM (
    SELECT unnest(from_json(CAST($1 AS VARCHAR),
        '[{"file": "VARCHAR", "format": "VARCHAR", "kind": "VARCHAR", "rows_read": "BIGINT",
           "rows_loaded": "BIGINT", "rows_rejected": "BIGINT", "source": "VARCHAR",
           "file_key": "VARCHAR", "tenant_rows": [{"tenant": "VARCHAR", "loaded": "BIGINT", "rejected": "BIGINT"}]}]')) AS l
)
WHERE l.file IS NOT NULL AND l.format IS NOT NULL AND l.kind IN ('incidents', 'alerts', 'automation')
  AND l.rows_read >= 0 AND l.rows_loaded >= 0 AND l.rows_rejected >= 0
ORDER BY l.file, l.kind;
