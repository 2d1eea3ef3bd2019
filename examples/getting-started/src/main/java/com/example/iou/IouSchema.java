package com.example.iou;

/** The family of the IOU's schemas; its changelog is migration/iou-schema.changelog-master.xml. */
public final class IouSchema {
  private IouSchema() {}
}
