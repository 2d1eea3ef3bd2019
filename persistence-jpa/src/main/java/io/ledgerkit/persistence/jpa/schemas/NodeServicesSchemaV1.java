package io.ledgerkit.persistence.jpa.schemas;

import io.ledgerkit.persistence.jpa.entities.NodeAttachmentEntity;
import io.ledgerkit.persistence.schema.MappedSchema;
import java.util.List;

/**
 * Version 1 of the node services schema: {@link NodeAttachmentEntity} ({@code node_attachments}).
 */
public final class NodeServicesSchemaV1 extends MappedSchema {

  /** Creates the schema (public for {@link java.util.ServiceLoader}). */
  public NodeServicesSchemaV1() {
    super(NodeServices.class, 1, List.of(NodeAttachmentEntity.class));
  }
}
