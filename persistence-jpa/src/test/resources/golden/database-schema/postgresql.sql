CREATE TABLE ledger.databasechangelog (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TIMESTAMP WITHOUT TIME ZONE NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10));

-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: schema-ledger/prefix-p_/migration/linked-schema.changelog-master.xml
-- *********************************************************************

-- Changeset schema-ledger/prefix-p_/migration/linked-schema.changelog-master.xml::linked-v1-1::tests
CREATE TABLE ledger.p_linked_states (transaction_id VARCHAR(64) NOT NULL, output_index INTEGER NOT NULL, label VARCHAR(64) NOT NULL);

ALTER TABLE ledger.p_linked_states ADD CONSTRAINT p_pk_linked_states PRIMARY KEY (transaction_id, output_index);

CREATE TABLE ledger.p_linked_details (transaction_id VARCHAR(64) NOT NULL, output_index INTEGER NOT NULL, memo VARCHAR(255));

ALTER TABLE ledger.p_linked_details ADD CONSTRAINT p_pk_linked_details PRIMARY KEY (transaction_id, output_index);

ALTER TABLE ledger.p_linked_details ADD CONSTRAINT p_fk_linked_details FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.p_linked_states (transaction_id, output_index);

CREATE TABLE ledger.p_linked_labels (label_code VARCHAR(32) NOT NULL, CONSTRAINT p_pk_linked_labels PRIMARY KEY (label_code));

CREATE TABLE ledger.p_linked_label_links (transaction_id VARCHAR(64) NOT NULL, output_index INTEGER NOT NULL, label_code VARCHAR(32) NOT NULL);

ALTER TABLE ledger.p_linked_label_links ADD CONSTRAINT p_pk_linked_links PRIMARY KEY (transaction_id, output_index, label_code);

ALTER TABLE ledger.p_linked_label_links ADD CONSTRAINT p_fk_linked_links_st FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.p_linked_states (transaction_id, output_index);

ALTER TABLE ledger.p_linked_label_links ADD CONSTRAINT p_fk_linked_links_lb FOREIGN KEY (label_code) REFERENCES ledger.p_linked_labels (label_code);

INSERT INTO ledger.databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('linked-v1-1', 'tests', 'schema-ledger/prefix-p_/migration/linked-schema.changelog-master.xml', NOW(), 1, '9:5a2f93c6b6d6fb9fb0a96c53fcac75e9', 'createTable tableName=p_linked_states; addPrimaryKey constraintName=p_pk_linked_states, tableName=p_linked_states; createTable tableName=p_linked_details; addPrimaryKey constraintName=p_pk_linked_details, tableName=p_linked_details; addForeignKeyC...', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');
-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: schema-ledger/prefix-p_/migration/sequenced-schema.changelog-master.xml
-- *********************************************************************

-- Changeset schema-ledger/prefix-p_/migration/sequenced-schema.changelog-master.xml::sequenced-v1-1::tests
CREATE TABLE ledger.p_seq_batches (transaction_id VARCHAR(64) NOT NULL, output_index INTEGER NOT NULL, label VARCHAR(64) NOT NULL);

ALTER TABLE ledger.p_seq_batches ADD CONSTRAINT p_pk_seq_batches PRIMARY KEY (transaction_id, output_index);

CREATE TABLE ledger.p_seq_items (item_id BIGINT NOT NULL, transaction_id VARCHAR(64) NOT NULL, output_index INTEGER NOT NULL, position INTEGER NOT NULL, name VARCHAR(64) NOT NULL, CONSTRAINT p_pk_seq_items PRIMARY KEY (item_id));

ALTER TABLE ledger.p_seq_items ADD CONSTRAINT p_fk_seq_items FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.p_seq_batches (transaction_id, output_index);

CREATE TABLE ledger.p_seq_memos (memo_id BIGINT NOT NULL, transaction_id VARCHAR(64) NOT NULL, output_index INTEGER NOT NULL, body VARCHAR(255) NOT NULL, CONSTRAINT p_pk_seq_memos PRIMARY KEY (memo_id));

ALTER TABLE ledger.p_seq_memos ADD CONSTRAINT p_fk_seq_memos FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.p_seq_batches (transaction_id, output_index);

CREATE TABLE ledger.p_seq_memo_ids (gen_name VARCHAR(255) NOT NULL, gen_value BIGINT, CONSTRAINT p_pk_seq_memo_ids PRIMARY KEY (gen_name));

INSERT INTO ledger.databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('sequenced-v1-1', 'tests', 'schema-ledger/prefix-p_/migration/sequenced-schema.changelog-master.xml', NOW(), 2, '9:a64d45bea18c690f188301a92952cf9b', 'createTable tableName=p_seq_batches; addPrimaryKey constraintName=p_pk_seq_batches, tableName=p_seq_batches; createTable tableName=p_seq_items; addForeignKeyConstraint baseTableName=p_seq_items, constraintName=p_fk_seq_items, referencedTableName=p...', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');

-- Changeset schema-ledger/prefix-p_/migration/sequenced-schema.changelog-master.xml::sequenced-v1-2::tests
CREATE SEQUENCE  IF NOT EXISTS ledger.p_seq_item_ids START WITH 1 INCREMENT BY 50;

INSERT INTO ledger.databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('sequenced-v1-2', 'tests', 'schema-ledger/prefix-p_/migration/sequenced-schema.changelog-master.xml', NOW(), 3, '9:8da5de76465cb8d2fd0e3035f175c6e5', 'createSequence sequenceName=p_seq_item_ids', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');
