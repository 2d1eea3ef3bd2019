CREATE TABLE databasechangelog (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TIMESTAMP WITHOUT TIME ZONE NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10));

-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: migration/test-attachments.changelog-master.xml
-- *********************************************************************

-- Changeset migration/test-attachments-init.xml::test-attachments-init-1::ledgerkit
CREATE TABLE attachment (att_id VARCHAR(64) NOT NULL, content BYTEA NOT NULL, filename VARCHAR(255), uploader VARCHAR(255), insertion_date TIMESTAMP WITHOUT TIME ZONE NOT NULL, CONSTRAINT att_pk PRIMARY KEY (att_id));

INSERT INTO databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-init-1', 'ledgerkit', 'migration/test-attachments-init.xml', NOW(), 1, '9:958d8e86cd4a01433a23e393ce7c8354', 'createTable tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');

-- Changeset migration/test-attachments-v4.xml::test-attachments-v4-1::ledgerkit
ALTER TABLE attachment ADD content_type VARCHAR(100);

CREATE INDEX att_upl_ix ON attachment(uploader);

INSERT INTO databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-v4-1', 'ledgerkit', 'migration/test-attachments-v4.xml', NOW(), 2, '9:986876e39e3d9950efd2544c739b30d3', 'addColumn tableName=attachment; createIndex indexName=att_upl_ix, tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');

-- Changeset migration/test-attachments-v12.xml::test-attachments-v12-1::ledgerkit
ALTER TABLE attachment ADD content_size BIGINT;

INSERT INTO databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-v12-1', 'ledgerkit', 'migration/test-attachments-v12.xml', NOW(), 3, '9:842d782abedbce15d775c1f1e2c2bf5c', 'addColumn tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');

-- Changeset migration/test-attachments-v12.xml::test-attachments-v12-2::ledgerkit
UPDATE attachment SET content_size = length(content);

INSERT INTO databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-v12-2', 'ledgerkit', 'migration/test-attachments-v12.xml', NOW(), 4, '9:4393bf0b98ea302fcc572a398b4a799d', 'update tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');
-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: migration/test-notes.changelog-master.xml
-- *********************************************************************

-- Changeset migration/test-notes.changelog-master.xml::test-notes-1::ledgerkit
CREATE TABLE note (note_id VARCHAR(36) NOT NULL, body VARCHAR(1000) NOT NULL, att_ref VARCHAR(64), created_at TIMESTAMP WITHOUT TIME ZONE, CONSTRAINT note_pk PRIMARY KEY (note_id));

ALTER TABLE note ADD CONSTRAINT note_att_uq UNIQUE (att_ref);

INSERT INTO databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-notes-1', 'ledgerkit', 'migration/test-notes.changelog-master.xml', NOW(), 5, '9:3b5daacd9d7026eb773b5650e1221214', 'createTable tableName=note; addUniqueConstraint constraintName=note_att_uq, tableName=note', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000');
