-- The first of the day-first forms (src/load/dates.rs, in the order they are tried) that reads the
-- date-time $1 whole: the file's own form, which a warning gives as the --date-format to load it
-- with. strptime takes only a constant format, so the forms are written in as literals, one arm
-- each, where the placeholder stands.
SELECT CASE /*forms*/ END AS form;
