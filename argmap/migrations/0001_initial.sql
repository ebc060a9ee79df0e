-- argmap schema version 1: the initial tables (frozen; later changes go in new numbered files).
CREATE TABLE map (
	id INTEGER NOT NULL,
	slug VARCHAR NOT NULL,
	title VARCHAR NOT NULL,
	description VARCHAR NOT NULL,
	created_at VARCHAR NOT NULL,
	updated_at VARCHAR NOT NULL,
	meta VARCHAR,
	main_claim_id INTEGER,
	PRIMARY KEY (id),
	UNIQUE (slug),
	FOREIGN KEY(main_claim_id) REFERENCES claim (id) ON DELETE SET NULL
);
CREATE TABLE setting (
	"key" VARCHAR NOT NULL,
	value VARCHAR NOT NULL,
	PRIMARY KEY ("key")
);
CREATE TABLE claim (
	text VARCHAR NOT NULL,
	title VARCHAR,
	notes VARCHAR NOT NULL,
	judgement VARCHAR NOT NULL,
	position INTEGER NOT NULL,
	id INTEGER NOT NULL,
	map_id INTEGER NOT NULL,
	created_at VARCHAR NOT NULL,
	updated_at VARCHAR NOT NULL,
	provenance VARCHAR,
	PRIMARY KEY (id),
	CONSTRAINT ck_claim_judgement CHECK (judgement IN ('none','accepted','rejected','questioned')),
	CONSTRAINT ck_claim_text CHECK (length(trim(text)) > 0),
	FOREIGN KEY(map_id) REFERENCES map (id) ON DELETE CASCADE
);
CREATE INDEX ix_claim_map_id ON claim (map_id);
CREATE TABLE source (
	id INTEGER NOT NULL,
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
	PRIMARY KEY (id),
	FOREIGN KEY(map_id) REFERENCES map (id) ON DELETE CASCADE
);
CREATE INDEX ix_source_map_id ON source (map_id);
CREATE TABLE claim_tag (
	claim_id INTEGER NOT NULL,
	tag VARCHAR NOT NULL,
	PRIMARY KEY (claim_id, tag),
	FOREIGN KEY(claim_id) REFERENCES claim (id) ON DELETE CASCADE
);
CREATE TABLE evidence (
	id INTEGER NOT NULL,
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
	PRIMARY KEY (id),
	CONSTRAINT ck_evidence_kind CHECK (kind IN ('quote','statistic','study','expert_opinion','observation','document','other')),
	CONSTRAINT ck_evidence_reliability CHECK (reliability IN ('solid','shaky','unknown')),
	CONSTRAINT ck_evidence_offsets CHECK (start IS NULL OR (start >= 0 AND "end" >= start)),
	FOREIGN KEY(map_id) REFERENCES map (id) ON DELETE CASCADE,
	FOREIGN KEY(source_id) REFERENCES source (id) ON DELETE SET NULL
);
CREATE INDEX ix_evidence_map_id ON evidence (map_id);
CREATE INDEX ix_evidence_source_id ON evidence (source_id);
CREATE TABLE relation (
	id INTEGER NOT NULL,
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
	PRIMARY KEY (id),
	CONSTRAINT ck_relation_kind CHECK (kind IN ('support','attack','contradiction','equivalence')),
	CONSTRAINT ck_relation_one_target CHECK ((target_claim_id IS NULL) <> (target_relation_id IS NULL)),
	CONSTRAINT ck_relation_only_attacks_relations CHECK (target_relation_id IS NULL OR kind = 'attack'),
	FOREIGN KEY(map_id) REFERENCES map (id) ON DELETE CASCADE,
	FOREIGN KEY(target_claim_id) REFERENCES claim (id) ON DELETE CASCADE,
	FOREIGN KEY(target_relation_id) REFERENCES relation (id) ON DELETE CASCADE
);
CREATE INDEX ix_relation_map_id ON relation (map_id);
CREATE INDEX ix_relation_target_claim_id ON relation (target_claim_id);
CREATE INDEX ix_relation_target_relation_id ON relation (target_relation_id);
CREATE TABLE evidence_link (
	evidence_id INTEGER NOT NULL,
	claim_id INTEGER NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (evidence_id, claim_id),
	FOREIGN KEY(evidence_id) REFERENCES evidence (id) ON DELETE CASCADE,
	FOREIGN KEY(claim_id) REFERENCES claim (id) ON DELETE CASCADE
);
CREATE INDEX ix_evidence_link_claim ON evidence_link (claim_id);
CREATE TABLE premise (
	relation_id INTEGER NOT NULL,
	claim_id INTEGER NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (relation_id, claim_id),
	FOREIGN KEY(relation_id) REFERENCES relation (id) ON DELETE CASCADE,
	FOREIGN KEY(claim_id) REFERENCES claim (id) ON DELETE CASCADE
);
CREATE INDEX ix_premise_claim ON premise (claim_id);
