-- Rejected rows of this load go to `rejects`; a re-loaded file's earlier rejects are replaced,
-- whatever the spelling of its path then: an earlier reject belongs to the file whose `loads` row
-- (same load, same spelling) has this file's identity (file_key; the spelling itself for rows
-- written before file_key). Another file of the same spelling (`a.csv` of another folder) keeps
-- its rejects.
DELETE FROM rejects AS r
WHERE EXISTS (
    SELECT 1 FROM loads l JOIN stage_files f
        ON l.file_key = f.file_key OR (l.file_key IS NULL AND l.file = f.file)
    WHERE l.load_id = r.load_id AND l.file = r.file
);

-- A row staged with the state of another line of its entity (the latest update of an export
-- that writes one row per update: load/staging.sql, sg_row_versions) is rejected for that line's
-- value: its reason names that line, so the value is not looked for on the row's own line.
INSERT INTO rejects
SELECT (SELECT load_id FROM sg_settings), f.file, coalesce(r.kind, f.kind), r.line, r."column", r.value, r.reason
FROM (
    SELECT n._file_seq, 'incidents' AS kind, n._line AS line, n._problem."column" AS "column", n._problem.value AS value,
           n._problem.reason || CASE WHEN v.state_line <> n._line
                                     THEN ' (the value of line ' || v.state_line || ', the latest update of this incident, whose state each of its rows carries)'
                                     ELSE '' END AS reason
    FROM norm_incidents AS n
    LEFT JOIN (SELECT _file_seq, _line, max(state_line) AS state_line
               FROM sg_row_versions WHERE kind = 'incidents' AND id IS NULL
               GROUP BY _file_seq, _line) AS v
           ON v._file_seq = n._file_seq AND v._line = n._line
    WHERE n._problem IS NOT NULL
    UNION ALL
    SELECT _file_seq, 'alerts', _line, _problem."column", _problem.value, _problem.reason
    FROM norm_alerts WHERE _problem IS NOT NULL
    UNION ALL
    SELECT _file_seq, 'automation', _line, _problem."column", _problem.value, _problem.reason
    FROM norm_automation WHERE _problem IS NOT NULL
    UNION ALL
    SELECT _file_seq, 'reviews', _line, _problem."column", _problem.value, _problem.reason
    FROM norm_reviews WHERE _problem IS NOT NULL
    UNION ALL
    SELECT _file_seq, NULL, line, "column", value, reason
    FROM stage_malformed
    QUALIFY row_number() OVER (PARTITION BY _file_seq, line ORDER BY "column" NULLS LAST) = 1
) AS r
JOIN stage_files f USING (_file_seq)
ORDER BY r._file_seq, r.line, r.kind;
