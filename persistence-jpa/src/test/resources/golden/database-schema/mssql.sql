CREATE TABLE ledger.DATABASECHANGELOG (ID nvarchar(255) NOT NULL, AUTHOR nvarchar(255) NOT NULL, FILENAME nvarchar(255) NOT NULL, DATEEXECUTED datetime2(3) NOT NULL, ORDEREXECUTED int NOT NULL, EXECTYPE nvarchar(10) NOT NULL, MD5SUM nvarchar(35), DESCRIPTION nvarchar(255), COMMENTS nvarchar(255), TAG nvarchar(255), LIQUIBASE nvarchar(20), CONTEXTS nvarchar(255), LABELS nvarchar(255), DEPLOYMENT_ID nvarchar(10))
GO

-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: schema-ledger/prefix-p_/migration/linked-schema.changelog-master.xml
-- *********************************************************************

-- Changeset schema-ledger/prefix-p_/migration/linked-schema.changelog-master.xml::linked-v1-1::tests
CREATE TABLE ledger.p_linked_states (transaction_id varchar(64) NOT NULL, output_index int NOT NULL, label varchar(64) NOT NULL);
GO

ALTER TABLE ledger.p_linked_states ADD CONSTRAINT p_pk_linked_states PRIMARY KEY (transaction_id, output_index);
GO

CREATE TABLE ledger.p_linked_details (transaction_id varchar(64) NOT NULL, output_index int NOT NULL, memo varchar(255));
GO

ALTER TABLE ledger.p_linked_details ADD CONSTRAINT p_pk_linked_details PRIMARY KEY (transaction_id, output_index);
GO

ALTER TABLE ledger.p_linked_details ADD CONSTRAINT p_fk_linked_details FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.p_linked_states (transaction_id, output_index);
GO

CREATE TABLE ledger.p_linked_labels (label_code varchar(32) NOT NULL, CONSTRAINT p_pk_linked_labels PRIMARY KEY (label_code));
GO

CREATE TABLE ledger.p_linked_label_links (transaction_id varchar(64) NOT NULL, output_index int NOT NULL, label_code varchar(32) NOT NULL);
GO

ALTER TABLE ledger.p_linked_label_links ADD CONSTRAINT p_pk_linked_links PRIMARY KEY (transaction_id, output_index, label_code);
GO

ALTER TABLE ledger.p_linked_label_links ADD CONSTRAINT p_fk_linked_links_st FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.p_linked_states (transaction_id, output_index);
GO

ALTER TABLE ledger.p_linked_label_links ADD CONSTRAINT p_fk_linked_links_lb FOREIGN KEY (label_code) REFERENCES ledger.p_linked_labels (label_code);
GO

INSERT INTO ledger.DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('linked-v1-1', 'tests', 'schema-ledger/prefix-p_/migration/linked-schema.changelog-master.xml', GETDATE(), 1, '9:5a2f93c6b6d6fb9fb0a96c53fcac75e9', 'createTable tableName=p_linked_states; addPrimaryKey constraintName=p_pk_linked_states, tableName=p_linked_states; createTable tableName=p_linked_details; addPrimaryKey constraintName=p_pk_linked_details, tableName=p_linked_details; addForeignKeyC...', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000')
GO
-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: schema-ledger/prefix-p_/migration/sequenced-schema.changelog-master.xml
-- *********************************************************************

-- Changeset schema-ledger/prefix-p_/migration/sequenced-schema.changelog-master.xml::sequenced-v1-1::tests
CREATE TABLE ledger.p_seq_batches (transaction_id varchar(64) NOT NULL, output_index int NOT NULL, label varchar(64) NOT NULL);
GO

ALTER TABLE ledger.p_seq_batches ADD CONSTRAINT p_pk_seq_batches PRIMARY KEY (transaction_id, output_index);
GO

CREATE TABLE ledger.p_seq_items (item_id bigint NOT NULL, transaction_id varchar(64) NOT NULL, output_index int NOT NULL, position int NOT NULL, name varchar(64) NOT NULL, CONSTRAINT p_pk_seq_items PRIMARY KEY (item_id));
GO

ALTER TABLE ledger.p_seq_items ADD CONSTRAINT p_fk_seq_items FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.p_seq_batches (transaction_id, output_index);
GO

CREATE TABLE ledger.p_seq_memos (memo_id bigint NOT NULL, transaction_id varchar(64) NOT NULL, output_index int NOT NULL, body varchar(255) NOT NULL, CONSTRAINT p_pk_seq_memos PRIMARY KEY (memo_id));
GO

ALTER TABLE ledger.p_seq_memos ADD CONSTRAINT p_fk_seq_memos FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.p_seq_batches (transaction_id, output_index);
GO

CREATE TABLE ledger.p_seq_memo_ids (gen_name varchar(255) NOT NULL, gen_value bigint, CONSTRAINT p_pk_seq_memo_ids PRIMARY KEY (gen_name));
GO

INSERT INTO ledger.DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('sequenced-v1-1', 'tests', 'schema-ledger/prefix-p_/migration/sequenced-schema.changelog-master.xml', GETDATE(), 2, '9:a64d45bea18c690f188301a92952cf9b', 'createTable tableName=p_seq_batches; addPrimaryKey constraintName=p_pk_seq_batches, tableName=p_seq_batches; createTable tableName=p_seq_items; addForeignKeyConstraint baseTableName=p_seq_items, constraintName=p_fk_seq_items, referencedTableName=p...', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000')
GO

-- Changeset schema-ledger/prefix-p_/migration/sequenced-schema.changelog-master.xml::sequenced-v1-2::tests
CREATE SEQUENCE ledger.p_seq_item_ids START WITH 1 INCREMENT BY 50;
GO

INSERT INTO ledger.DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('sequenced-v1-2', 'tests', 'schema-ledger/prefix-p_/migration/sequenced-schema.changelog-master.xml', GETDATE(), 3, '9:8da5de76465cb8d2fd0e3035f175c6e5', 'createSequence sequenceName=p_seq_item_ids', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000')
GO
