package io.ledgerkit.persistence.jpa.schemas;

/**
 * The family of a node's service tables (attachments). Its changelog is {@code
 * migration/node-services.changelog-master.xml}.
 */
public final class NodeServices {
  private NodeServices() {}
}
