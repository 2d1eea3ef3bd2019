CREATE TABLE ledger.DATABASECHANGELOG (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED datetime NOT NULL, ORDEREXECUTED INT NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35) NULL, `DESCRIPTION` VARCHAR(255) NULL, COMMENTS VARCHAR(255) NULL, TAG VARCHAR(255) NULL, LIQUIBASE VARCHAR(20) NULL, CONTEXTS VARCHAR(255) NULL, LABELS VARCHAR(255) NULL, DEPLOYMENT_ID VARCHAR(10) NULL);

--  *********************************************************************
--  Update Database Script
--  *********************************************************************
--  Change Log: schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml
--  *********************************************************************

--  Changeset schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml::test-tags-1::ledgerkit
CREATE TABLE ledger.t_tagged (transaction_id VARCHAR(64) NOT NULL, output_index INT NOT NULL);

ALTER TABLE ledger.t_tagged ADD PRIMARY KEY (transaction_id, output_index);

CREATE TABLE ledger.t_tagged_tags (transaction_id VARCHAR(64) NOT NULL, output_index INT NOT NULL, tag VARCHAR(32) NOT NULL);

ALTER TABLE ledger.t_tagged_tags ADD CONSTRAINT t_tags_fk FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.t_tagged (transaction_id, output_index);

CREATE TABLE ledger.t_tagged_links (transaction_id VARCHAR(64) NOT NULL, output_index INT NOT NULL, note_id BIGINT NOT NULL);

ALTER TABLE ledger.t_tagged_links ADD CONSTRAINT t_links_fk FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.t_tagged (transaction_id, output_index);

INSERT INTO ledger.DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, `DESCRIPTION`, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-tags-1', 'ledgerkit', 'schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml', NOW(), 1, '9:4d1836ce1522f9764bf27596c4599f1d', 'createTable tableName=t_tagged; addPrimaryKey constraintName=t_tagged_pk, tableName=t_tagged; createTable tableName=t_tagged_tags; addForeignKeyConstraint baseTableName=t_tagged_tags, constraintName=t_tags_fk, referencedTableName=t_tagged; createT...', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');

--  Changeset schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml::test-tags-2::ledgerkit
CREATE SEQUENCE ledger.t_tag_seq INCREMENT BY 50 START WITH 1;

INSERT INTO ledger.DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, `DESCRIPTION`, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-tags-2', 'ledgerkit', 'schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml', NOW(), 2, '9:ecc310543287f8e467889990f33a15a9', 'createSequence sequenceName=t_tag_seq', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');
