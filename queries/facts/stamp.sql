-- Marks the facts as built by this version of their definition (/*version*/ is replaced with
-- facts::VERSION), so a database written by another socgauge gets facts it can read.
COMMENT ON TABLE alert_facts IS 'socgauge facts /*version*/';
