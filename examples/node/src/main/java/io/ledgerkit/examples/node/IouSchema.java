package io.ledgerkit.examples.node;

/**
 * The family of the IOU's mapped schemas ({@link IouSchemaV1}, {@link IouSchemaV2}); its changelog
 * is {@code migration/iou-schema.changelog-master.xml}.
 */
public final class IouSchema {
  private IouSchema() {}
}
