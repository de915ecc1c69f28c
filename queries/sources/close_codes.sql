-- ServiceNow SIR close codes → classification. Close codes are instance choices: these are the
-- common ones; a --mapping file's [close_codes] table adds or overrides (priority 0). A code that
-- matches nothing leaves the incident unclassified.
CREATE OR REPLACE TEMP TABLE sg_close_codes (priority INTEGER, code VARCHAR, classification VARCHAR);
INSERT INTO sg_close_codes VALUES
    (1, 'Confirmed attack', 'true_positive'), (1, 'Confirmed incident', 'true_positive'),
    (1, 'True positive', 'true_positive'), (1, 'Resolved - confirmed', 'true_positive'),
    (1, 'False positive', 'false_positive'), (1, 'Not an incident', 'false_positive'),
    (1, 'Benign', 'benign_positive'), (1, 'Expected activity', 'benign_positive'),
    (1, 'Authorized activity', 'benign_positive'), (1, 'Benign positive', 'benign_positive'),
    (1, 'Inconclusive', 'undetermined'), (1, 'Undetermined', 'undetermined'),
    (1, 'Unable to determine', 'undetermined');
