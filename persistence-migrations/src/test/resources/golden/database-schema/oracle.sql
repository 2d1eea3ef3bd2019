CREATE TABLE LEDGER.DATABASECHANGELOG (ID VARCHAR2(255) NOT NULL, AUTHOR VARCHAR2(255) NOT NULL, FILENAME VARCHAR2(255) NOT NULL, DATEEXECUTED TIMESTAMP NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR2(10) NOT NULL, MD5SUM VARCHAR2(35), DESCRIPTION VARCHAR2(255), COMMENTS VARCHAR2(255), TAG VARCHAR2(255), LIQUIBASE VARCHAR2(20), CONTEXTS VARCHAR2(255), LABELS VARCHAR2(255), DEPLOYMENT_ID VARCHAR2(10));

-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml
-- *********************************************************************

-- Changeset schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml::test-tags-1::ledgerkit
CREATE TABLE LEDGER.t_tagged (transaction_id VARCHAR2(64) NOT NULL, output_index INTEGER NOT NULL);

ALTER TABLE LEDGER.t_tagged ADD CONSTRAINT t_tagged_pk PRIMARY KEY (transaction_id, output_index);

CREATE TABLE LEDGER.t_tagged_tags (transaction_id VARCHAR2(64) NOT NULL, output_index INTEGER NOT NULL, tag VARCHAR2(32) NOT NULL);

ALTER TABLE LEDGER.t_tagged_tags ADD CONSTRAINT t_tags_fk FOREIGN KEY (transaction_id, output_index) REFERENCES LEDGER.t_tagged (transaction_id, output_index);

CREATE TABLE LEDGER.t_tagged_links (transaction_id VARCHAR2(64) NOT NULL, output_index INTEGER NOT NULL, note_id NUMBER(38, 0) NOT NULL);

ALTER TABLE LEDGER.t_tagged_links ADD CONSTRAINT t_links_fk FOREIGN KEY (transaction_id, output_index) REFERENCES LEDGER.t_tagged (transaction_id, output_index);

INSERT INTO LEDGER.DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-tags-1', 'ledgerkit', 'schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml', SYSTIMESTAMP, 1, '9:4d1836ce1522f9764bf27596c4599f1d', 'createTable tableName=t_tagged; addPrimaryKey constraintName=t_tagged_pk, tableName=t_tagged; createTable tableName=t_tagged_tags; addForeignKeyConstraint baseTableName=t_tagged_tags, constraintName=t_tags_fk, referencedTableName=t_tagged; createT...', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');

-- Changeset schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml::test-tags-2::ledgerkit
CREATE SEQUENCE LEDGER.t_tag_seq START WITH 1 INCREMENT BY 50;

INSERT INTO LEDGER.DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-tags-2', 'ledgerkit', 'schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml', SYSTIMESTAMP, 2, '9:ecc310543287f8e467889990f33a15a9', 'createSequence sequenceName=t_tag_seq', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');
