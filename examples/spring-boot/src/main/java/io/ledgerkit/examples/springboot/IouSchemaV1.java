package io.ledgerkit.examples.springboot;

import io.ledgerkit.persistence.identity.AbstractParty;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.PersistentState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

/** Version 1 of the IOU family: the table iou_states (change set iou-v1). */
public final class IouSchemaV1 extends MappedSchema {

  /** Public, for java.util.ServiceLoader. */
  public IouSchemaV1() {
    super(IouSchema.class, 1, List.of(PersistentIou.class));
  }

  /** A row of iou_states; the key columns (transaction_id, output_index) are inherited. */
  @Entity(name = "Iou")
  @Table(name = "iou_states")
  public static class PersistentIou extends PersistentState {
    @Column(name = "lender_name", length = 255)
    public AbstractParty lender;

    @Column(name = "borrower_name", length = 255)
    public AbstractParty borrower;

    @Column(name = "amount", nullable = false)
    public long amount;

    protected PersistentIou() {}

    public PersistentIou(IouState iou) {
      this.lender = iou.lender();
      this.borrower = iou.borrower();
      this.amount = iou.amount();
    }
  }
}
