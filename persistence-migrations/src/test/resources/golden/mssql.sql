CREATE TABLE DATABASECHANGELOG (ID nvarchar(255) NOT NULL, AUTHOR nvarchar(255) NOT NULL, FILENAME nvarchar(255) NOT NULL, DATEEXECUTED datetime2(3) NOT NULL, ORDEREXECUTED int NOT NULL, EXECTYPE nvarchar(10) NOT NULL, MD5SUM nvarchar(35), DESCRIPTION nvarchar(255), COMMENTS nvarchar(255), TAG nvarchar(255), LIQUIBASE nvarchar(20), CONTEXTS nvarchar(255), LABELS nvarchar(255), DEPLOYMENT_ID nvarchar(10))
GO

-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: migration/test-attachments.changelog-master.xml
-- *********************************************************************

-- Changeset migration/test-attachments-init.xml::test-attachments-init-1::ledgerkit
CREATE TABLE attachment (att_id varchar(64) NOT NULL, content varbinary(MAX) NOT NULL, filename varchar(255), uploader varchar(255), insertion_date datetime2 NOT NULL, CONSTRAINT att_pk PRIMARY KEY (att_id));
GO

INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-init-1', 'ledgerkit', 'migration/test-attachments-init.xml', GETDATE(), 1, '9:a910438a8318c544f57224ebbb46a27b', 'createTable tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000')
GO

-- Changeset migration/test-attachments-v4.xml::test-attachments-v4-1::ledgerkit
ALTER TABLE attachment ADD content_type varchar(100);
GO

CREATE NONCLUSTERED INDEX att_upl_ix ON attachment(uploader);
GO

INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-v4-1', 'ledgerkit', 'migration/test-attachments-v4.xml', GETDATE(), 2, '9:986876e39e3d9950efd2544c739b30d3', 'addColumn tableName=attachment; createIndex indexName=att_upl_ix, tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000')
GO

-- Changeset migration/test-attachments-v12.xml::test-attachments-v12-1::ledgerkit
ALTER TABLE attachment ADD content_size bigint;
GO

INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-v12-1', 'ledgerkit', 'migration/test-attachments-v12.xml', GETDATE(), 3, '9:842d782abedbce15d775c1f1e2c2bf5c', 'addColumn tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000')
GO

-- Changeset migration/test-attachments-v12.xml::test-attachments-v12-4::ledgerkit
UPDATE attachment SET content_size = datalength(content);
GO

INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-attachments-v12-4', 'ledgerkit', 'migration/test-attachments-v12.xml', GETDATE(), 4, '9:470d2e687f92769349429b0b38f7fcd3', 'update tableName=attachment', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000')
GO
-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: migration/test-notes.changelog-master.xml
-- *********************************************************************

-- Changeset migration/test-notes.changelog-master.xml::test-notes-1::ledgerkit
CREATE TABLE note (note_id varchar(36) NOT NULL, body varchar(1000) NOT NULL, att_ref varchar(64), created_at datetime2, CONSTRAINT note_pk PRIMARY KEY (note_id));
GO

ALTER TABLE note ADD CONSTRAINT note_att_uq UNIQUE (att_ref);
GO

INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-notes-1', 'ledgerkit', 'migration/test-notes.changelog-master.xml', GETDATE(), 5, '9:3b5daacd9d7026eb773b5650e1221214', 'createTable tableName=note; addUniqueConstraint constraintName=note_att_uq, tableName=note', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000')
GO
