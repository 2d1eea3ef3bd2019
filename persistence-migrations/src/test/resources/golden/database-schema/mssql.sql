CREATE TABLE ledger.DATABASECHANGELOG (ID nvarchar(255) NOT NULL, AUTHOR nvarchar(255) NOT NULL, FILENAME nvarchar(255) NOT NULL, DATEEXECUTED datetime2(3) NOT NULL, ORDEREXECUTED int NOT NULL, EXECTYPE nvarchar(10) NOT NULL, MD5SUM nvarchar(35), DESCRIPTION nvarchar(255), COMMENTS nvarchar(255), TAG nvarchar(255), LIQUIBASE nvarchar(20), CONTEXTS nvarchar(255), LABELS nvarchar(255), DEPLOYMENT_ID nvarchar(10))
GO

-- *********************************************************************
-- Update Database Script
-- *********************************************************************
-- Change Log: schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml
-- *********************************************************************

-- Changeset schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml::test-tags-1::ledgerkit
CREATE TABLE ledger.t_tagged (transaction_id varchar(64) NOT NULL, output_index int NOT NULL);
GO

ALTER TABLE ledger.t_tagged ADD CONSTRAINT t_tagged_pk PRIMARY KEY (transaction_id, output_index);
GO

CREATE TABLE ledger.t_tagged_tags (transaction_id varchar(64) NOT NULL, output_index int NOT NULL, tag varchar(32) NOT NULL);
GO

ALTER TABLE ledger.t_tagged_tags ADD CONSTRAINT t_tags_fk FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.t_tagged (transaction_id, output_index);
GO

CREATE TABLE ledger.t_tagged_links (transaction_id varchar(64) NOT NULL, output_index int NOT NULL, note_id bigint NOT NULL);
GO

ALTER TABLE ledger.t_tagged_links ADD CONSTRAINT t_links_fk FOREIGN KEY (transaction_id, output_index) REFERENCES ledger.t_tagged (transaction_id, output_index);
GO

INSERT INTO ledger.DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-tags-1', 'ledgerkit', 'schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml', GETDATE(), 1, '9:4d1836ce1522f9764bf27596c4599f1d', 'createTable tableName=t_tagged; addPrimaryKey constraintName=t_tagged_pk, tableName=t_tagged; createTable tableName=t_tagged_tags; addForeignKeyConstraint baseTableName=t_tagged_tags, constraintName=t_tags_fk, referencedTableName=t_tagged; createT...', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000')
GO

-- Changeset schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml::test-tags-2::ledgerkit
CREATE SEQUENCE ledger.t_tag_seq START WITH 1 INCREMENT BY 50;
GO

INSERT INTO ledger.DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('test-tags-2', 'ledgerkit', 'schema-ledger/prefix-t_/migration/test-tags.changelog-master.xml', GETDATE(), 2, '9:ecc310543287f8e467889990f33a15a9', 'createSequence sequenceName=t_tag_seq', '', 'EXECUTED', NULL, NULL, '4.33.0', '0000000000')
GO
