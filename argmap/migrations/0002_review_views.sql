-- argmap schema version 2: read-only views for the review checks that SQL can express, so that
-- `sqlite3 claims.db "SELECT * FROM unsupported_premises WHERE map = 'sahel'"` works without argmap.
-- Each view matches the finding of the same name in argmap/review/checks.py (a test compares them);
-- docs/review.md documents the columns. Views only: no table changes.

-- An attack against the map's own side that nothing answers: no attack on it, and no attack on or
-- contradiction with any of its premises. Sides spread from the roots (claims that are no premise of
-- a support or attack) and the main claim: a support argues for its conclusion's side, an attack for
-- the other side, premises for their relation's side.
CREATE VIEW unanswered_objections AS
WITH RECURSIVE sides(node, id, side) AS (
    SELECT 'c', c.id, 1
      FROM claim c
     WHERE NOT EXISTS (SELECT 1 FROM premise p JOIN relation r ON r.id = p.relation_id
                        WHERE p.claim_id = c.id AND r.kind IN ('support', 'attack'))
    UNION
    SELECT 'c', m.main_claim_id, 1 FROM map m WHERE m.main_claim_id IS NOT NULL
    UNION
    SELECT 'r', r.id, CASE r.kind WHEN 'support' THEN s.side ELSE -s.side END
      FROM sides s JOIN relation r ON s.node = 'c' AND r.target_claim_id = s.id
     WHERE r.kind IN ('support', 'attack')
    UNION
    SELECT 'r', r.id, -s.side
      FROM sides s JOIN relation r ON s.node = 'r' AND r.target_relation_id = s.id
    UNION
    SELECT 'c', p.claim_id, s.side
      FROM sides s JOIN premise p ON s.node = 'r' AND p.relation_id = s.id
)
SELECT r.map_id AS map_id,
       m.slug AS map,
       r.id AS relation_id,
       (SELECT group_concat(claim_id) FROM (SELECT claim_id FROM premise WHERE relation_id = r.id
                                            ORDER BY position, claim_id)) AS attackers,
       r.target_claim_id AS target_claim_id,
       r.target_relation_id AS target_relation_id
  FROM relation r
  JOIN map m ON m.id = r.map_id
 WHERE r.kind = 'attack'
   AND (EXISTS (SELECT 1 FROM sides s WHERE s.node = 'r' AND s.id = r.id AND s.side = -1)
        OR NOT EXISTS (SELECT 1 FROM sides s WHERE s.node = 'r' AND s.id = r.id AND s.side = 1))
   AND NOT EXISTS (SELECT 1 FROM relation a WHERE a.target_relation_id = r.id)
   AND NOT EXISTS (SELECT 1 FROM premise p JOIN relation a ON a.target_claim_id = p.claim_id
                    WHERE p.relation_id = r.id AND a.kind IN ('attack', 'contradiction'))
   AND NOT EXISTS (SELECT 1 FROM premise p JOIN premise q ON q.claim_id = p.claim_id
                     JOIN relation a ON a.id = q.relation_id
                    WHERE p.relation_id = r.id AND a.kind = 'contradiction' AND a.target_claim_id IS NOT NULL);

-- A premise of a support, or of an answer (an attack that is no objection, see unanswered_objections),
-- with no evidence and no support of its own, not marked accepted.
CREATE VIEW unsupported_premises AS
WITH RECURSIVE sides(node, id, side) AS (
    SELECT 'c', c.id, 1
      FROM claim c
     WHERE NOT EXISTS (SELECT 1 FROM premise p JOIN relation r ON r.id = p.relation_id
                        WHERE p.claim_id = c.id AND r.kind IN ('support', 'attack'))
    UNION
    SELECT 'c', m.main_claim_id, 1 FROM map m WHERE m.main_claim_id IS NOT NULL
    UNION
    SELECT 'r', r.id, CASE r.kind WHEN 'support' THEN s.side ELSE -s.side END
      FROM sides s JOIN relation r ON s.node = 'c' AND r.target_claim_id = s.id
     WHERE r.kind IN ('support', 'attack')
    UNION
    SELECT 'r', r.id, -s.side
      FROM sides s JOIN relation r ON s.node = 'r' AND r.target_relation_id = s.id
    UNION
    SELECT 'c', p.claim_id, s.side
      FROM sides s JOIN premise p ON s.node = 'r' AND p.relation_id = s.id
)
SELECT c.map_id AS map_id,
       m.slug AS map,
       c.id AS claim_id,
       c.text AS text,
       group_concat(DISTINCT r.id) AS relations
  FROM claim c
  JOIN map m ON m.id = c.map_id
  JOIN premise p ON p.claim_id = c.id
  JOIN relation r ON r.id = p.relation_id
 WHERE c.judgement <> 'accepted'
   AND (r.kind = 'support'
        OR (r.kind = 'attack'
            AND EXISTS (SELECT 1 FROM sides s WHERE s.node = 'r' AND s.id = r.id AND s.side = 1)
            AND NOT EXISTS (SELECT 1 FROM sides s WHERE s.node = 'r' AND s.id = r.id AND s.side = -1)))
   AND NOT EXISTS (SELECT 1 FROM relation s WHERE s.target_claim_id = c.id AND s.kind = 'support')
   AND NOT EXISTS (SELECT 1 FROM evidence_link l WHERE l.claim_id = c.id)
 GROUP BY c.id;

-- Evidence that cites no source.
CREATE VIEW evidence_without_source AS
SELECT e.map_id AS map_id,
       m.slug AS map,
       e.id AS evidence_id,
       e.kind AS kind,
       e.quote AS quote,
       e.note AS note,
       (SELECT group_concat(claim_id) FROM (SELECT claim_id FROM evidence_link WHERE evidence_id = e.id
                                            ORDER BY position, claim_id)) AS claims
  FROM evidence e
  JOIN map m ON m.id = e.map_id
 WHERE e.source_id IS NULL;

-- A quote with offsets that no longer matches its source's stored text there (SQLite's substr counts
-- characters from 1; argmap's offsets count them from 0, end exclusive).
CREATE VIEW quote_mismatches AS
SELECT e.map_id AS map_id,
       m.slug AS map,
       e.id AS evidence_id,
       s.id AS source_id,
       e.start AS start,
       e."end" AS "end",
       e.quote AS quote,
       substr(s.text, e.start + 1, e."end" - e.start) AS text_there
  FROM evidence e
  JOIN map m ON m.id = e.map_id
  JOIN source s ON s.id = e.source_id
 WHERE e.start IS NOT NULL AND e."end" IS NOT NULL AND s.text IS NOT NULL
   AND (e."end" > length(s.text) OR substr(s.text, e.start + 1, e."end" - e.start) <> e.quote);

-- A claim connected to nothing (no relation of any kind) in a map that has other claims.
CREATE VIEW isolated_claims AS
SELECT c.map_id AS map_id,
       m.slug AS map,
       c.id AS claim_id,
       c.text AS text
  FROM claim c
  JOIN map m ON m.id = c.map_id
 WHERE NOT EXISTS (SELECT 1 FROM premise p WHERE p.claim_id = c.id)
   AND NOT EXISTS (SELECT 1 FROM relation r WHERE r.target_claim_id = c.id)
   AND EXISTS (SELECT 1 FROM claim o WHERE o.map_id = c.map_id AND o.id <> c.id);

-- Circular support has no view: finding the claims on support cycles in SQL takes a transitive closure,
-- quadratic in the map (over eight minutes on the 10,000-claim benchmark map); `argmap review` finds
-- them in linear time (Tarjan's algorithm).
