package io.ledgerkit.examples.springboot;

/** The family of the IOU's schemas; its changelog is migration/iou-schema.changelog-master.xml. */
public final class IouSchema {
  private IouSchema() {}
}
