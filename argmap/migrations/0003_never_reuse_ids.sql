-- argmap schema version 3: ids are never reused (AUTOINCREMENT on map, claim, relation, source and
-- evidence). Without it SQLite gives a new row the id of the highest row deleted, so an id a stale TUI or
-- a script still holds could come to mean another program's new claim. SQLite cannot add AUTOINCREMENT
-- to a table, so each table is rebuilt (create, copy, drop, rename; argmap.storage.migrate runs this
-- with foreign keys off and checks them before it commits), and the review views of version 2, which
-- name the tables, are dropped first and made again last, unchanged.

DROP VIEW unanswered_objections;
DROP VIEW unsupported_premises;
DROP VIEW evidence_without_source;
DROP VIEW quote_mismatches;
DROP VIEW isolated_claims;

CREATE TABLE map_v3 (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	slug VARCHAR NOT NULL,
	title VARCHAR NOT NULL,
	description VARCHAR NOT NULL,
	created_at VARCHAR NOT NULL,
	updated_at VARCHAR NOT NULL,
	meta VARCHAR,
	main_claim_id INTEGER,
	UNIQUE (slug),
	FOREIGN KEY(main_claim_id) REFERENCES claim (id) ON DELETE SET NULL
);
INSERT INTO map_v3 ("id", "slug", "title", "description", "created_at", "updated_at", "meta", "main_claim_id") SELECT "id", "slug", "title", "description", "created_at", "updated_at", "meta", "main_claim_id" FROM map;
DROP TABLE map;
ALTER TABLE map_v3 RENAME TO map;

CREATE TABLE claim_v3 (
	text VARCHAR NOT NULL,
	title VARCHAR,
	notes VARCHAR NOT NULL,
	judgement VARCHAR NOT NULL,
	position INTEGER NOT NULL,
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	map_id INTEGER NOT NULL,
	created_at VARCHAR NOT NULL,
	updated_at VARCHAR NOT NULL,
	provenance VARCHAR,
	CONSTRAINT ck_claim_judgement CHECK (judgement IN ('none','accepted','rejected','questioned')),
	CONSTRAINT ck_claim_text CHECK (length(trim(text)) > 0),
	FOREIGN KEY(map_id) REFERENCES map (id) ON DELETE CASCADE
);
INSERT INTO claim_v3 ("text", "title", "notes", "judgement", "position", "id", "map_id", "created_at", "updated_at", "provenance") SELECT "text", "title", "notes", "judgement", "position", "id", "map_id", "created_at", "updated_at", "provenance" FROM claim;
DROP TABLE claim;
ALTER TABLE claim_v3 RENAME TO claim;
CREATE INDEX ix_claim_map_id ON claim (map_id);

CREATE TABLE relation_v3 (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	map_id INTEGER NOT NULL,
	kind VARCHAR NOT NULL,
	target_claim_id INTEGER,
	target_relation_id INTEGER,
	scheme VARCHAR,
	weight FLOAT,
	position INTEGER NOT NULL,
	notes VARCHAR NOT NULL,
	created_at VARCHAR NOT NULL,
	provenance VARCHAR,
	CONSTRAINT ck_relation_kind CHECK (kind IN ('support','attack','contradiction','equivalence')),
	CONSTRAINT ck_relation_one_target CHECK ((target_claim_id IS NULL) <> (target_relation_id IS NULL)),
	CONSTRAINT ck_relation_only_attacks_relations CHECK (target_relation_id IS NULL OR kind = 'attack'),
	FOREIGN KEY(map_id) REFERENCES map (id) ON DELETE CASCADE,
	FOREIGN KEY(target_claim_id) REFERENCES claim (id) ON DELETE CASCADE,
	FOREIGN KEY(target_relation_id) REFERENCES relation (id) ON DELETE CASCADE
);
INSERT INTO relation_v3 ("id", "map_id", "kind", "target_claim_id", "target_relation_id", "scheme", "weight", "position", "notes", "created_at", "provenance") SELECT "id", "map_id", "kind", "target_claim_id", "target_relation_id", "scheme", "weight", "position", "notes", "created_at", "provenance" FROM relation;
DROP TABLE relation;
ALTER TABLE relation_v3 RENAME TO relation;
CREATE INDEX ix_relation_map_id ON relation (map_id);
CREATE INDEX ix_relation_target_claim_id ON relation (target_claim_id);
CREATE INDEX ix_relation_target_relation_id ON relation (target_relation_id);

CREATE TABLE source_v3 (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	map_id INTEGER NOT NULL,
	title VARCHAR NOT NULL,
	author VARCHAR NOT NULL,
	publisher VARCHAR NOT NULL,
	date VARCHAR NOT NULL,
	url VARCHAR NOT NULL,
	kind VARCHAR NOT NULL,
	text VARCHAR,
	notes VARCHAR NOT NULL,
	provenance VARCHAR,
	FOREIGN KEY(map_id) REFERENCES map (id) ON DELETE CASCADE
);
INSERT INTO source_v3 ("id", "map_id", "title", "author", "publisher", "date", "url", "kind", "text", "notes", "provenance") SELECT "id", "map_id", "title", "author", "publisher", "date", "url", "kind", "text", "notes", "provenance" FROM source;
DROP TABLE source;
ALTER TABLE source_v3 RENAME TO source;
CREATE INDEX ix_source_map_id ON source (map_id);

CREATE TABLE evidence_v3 (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
	map_id INTEGER NOT NULL,
	kind VARCHAR NOT NULL,
	quote VARCHAR NOT NULL,
	source_id INTEGER,
	locator VARCHAR NOT NULL,
	start INTEGER,
	"end" INTEGER,
	reliability VARCHAR NOT NULL,
	note VARCHAR NOT NULL,
	created_at VARCHAR NOT NULL,
	provenance VARCHAR,
	CONSTRAINT ck_evidence_kind CHECK (kind IN ('quote','statistic','study','expert_opinion','observation','document','other')),
	CONSTRAINT ck_evidence_reliability CHECK (reliability IN ('solid','shaky','unknown')),
	CONSTRAINT ck_evidence_offsets CHECK (start IS NULL OR (start >= 0 AND "end" >= start)),
	FOREIGN KEY(map_id) REFERENCES map (id) ON DELETE CASCADE,
	FOREIGN KEY(source_id) REFERENCES source (id) ON DELETE SET NULL
);
INSERT INTO evidence_v3 ("id", "map_id", "kind", "quote", "source_id", "locator", "start", "end", "reliability", "note", "created_at", "provenance") SELECT "id", "map_id", "kind", "quote", "source_id", "locator", "start", "end", "reliability", "note", "created_at", "provenance" FROM evidence;
DROP TABLE evidence;
ALTER TABLE evidence_v3 RENAME TO evidence;
CREATE INDEX ix_evidence_map_id ON evidence (map_id);
CREATE INDEX ix_evidence_source_id ON evidence (source_id);

-- the review views of version 2, as they were
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
