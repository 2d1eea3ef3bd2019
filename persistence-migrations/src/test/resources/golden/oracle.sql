CREATE TABLE DATABASECHANGELOG (ID VARCHAR2(255) NOT NULL, AUTHOR VARCHAR2(255) NOT NULL, FILENAME VARCHAR2(255) NOT NULL, DATEEXECUTED TIMESTAMP NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR2(10) NOT NULL, MD5SUM VARCHAR2(35), DESCRIPTION VARCHAR2(255), COMMENTS VARCHAR2(255), TAG VARCHAR2(255), LIQUIBASE VARCHAR2(20), CONTEXTS VARCHAR2(255), LABELS VARCHAR2(255), DEPLOYMENT_ID VARCHAR2(10));

-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: migration/test-attachments.changelog-master.xml
-- *********************************************************************

-- Changeset migration/test-attachments-init.xml::test-attachments-init-1::ledgerkit
CREATE TABLE attachment (att_id VARCHAR2(64) NOT NULL, content BLOB NOT NULL, filename VARCHAR2(255), uploader VARCHAR2(255), insertion_date TIMESTAMP NOT NULL, CONSTRAINT att_pk PRIMARY KEY (att_id));

INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-init-1', 'ledgerkit', 'migration/test-attachments-init.xml', SYSTIMESTAMP, 1, '9:a910438a8318c544f57224ebbb46a27b', 'createTable tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');

-- Changeset migration/test-attachments-v4.xml::test-attachments-v4-1::ledgerkit
ALTER TABLE attachment ADD content_type VARCHAR2(100);

CREATE INDEX att_upl_ix ON attachment(uploader);

INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-v4-1', 'ledgerkit', 'migration/test-attachments-v4.xml', SYSTIMESTAMP, 2, '9:986876e39e3d9950efd2544c739b30d3', 'addColumn tableName=attachment; createIndex indexName=att_upl_ix, tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');

-- Changeset migration/test-attachments-v12.xml::test-attachments-v12-1::ledgerkit
ALTER TABLE attachment ADD content_size NUMBER(38, 0);

INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-v12-1', 'ledgerkit', 'migration/test-attachments-v12.xml', SYSTIMESTAMP, 3, '9:842d782abedbce15d775c1f1e2c2bf5c', 'addColumn tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');

-- Changeset migration/test-attachments-v12.xml::test-attachments-v12-5::ledgerkit
UPDATE attachment SET content_size = dbms_lob.getlength(content);

INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-v12-5', 'ledgerkit', 'migration/test-attachments-v12.xml', SYSTIMESTAMP, 4, '9:8297fd96b3f5dded013d7685629da88c', 'update tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');
-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: migration/test-notes.changelog-master.xml
-- *********************************************************************

-- Changeset migration/test-notes.changelog-master.xml::test-notes-1::ledgerkit
CREATE TABLE note (note_id VARCHAR2(36) NOT NULL, body VARCHAR2(1000) NOT NULL, att_ref VARCHAR2(64), created_at TIMESTAMP, CONSTRAINT note_pk PRIMARY KEY (note_id));

ALTER TABLE note ADD CONSTRAINT note_att_uq UNIQUE (att_ref);

INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-notes-1', 'ledgerkit', 'migration/test-notes.changelog-master.xml', SYSTIMESTAMP, 5, '9:3b5daacd9d7026eb773b5650e1221214', 'createTable tableName=note; addUniqueConstraint constraintName=note_att_uq, tableName=note', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');
