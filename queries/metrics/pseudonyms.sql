-- Stable pseudonyms of owner names ($1: a JSON list of names; $2: the key, '' without one):
-- `analyst-` followed by the first 10 hexadecimal digits of SHA-256(key, a unit separator, the
-- name in lower case: the workload counts names that differ only in case as one owner, whose
-- shown spelling can change from month to month). The same name and key give the same pseudonym
-- on every run and in every month; a different key gives unrelated ones. Without a secret key anyone who can guess the names can
-- hash them and recognise them: a pseudonym hides a name from a reader, it does not anonymise.
SELECT n.name, 'analyst-' || left(sha256($2 || chr(31) || lower(n.name)), 10) AS pseudonym
FROM (SELECT unnest(from_json($1, '["VARCHAR"]')) AS name) AS n
ORDER BY n.name;
