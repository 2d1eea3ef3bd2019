package io.ledgerkit.examples.node;

import io.ledgerkit.persistence.identity.AbstractParty;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.PersistentState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

/** Version 1 of the IOU's table: lender, borrower and amount (change set {@code iou-v1-init}). */
public final class IouSchemaV1 extends MappedSchema {

  /** Creates the schema (public for {@link java.util.ServiceLoader}). */
  public IouSchemaV1() {
    super(IouSchema.class, 1, List.of(PersistentIouV1.class));
  }

  /** A row of {@code iou_states_v1}. */
  @Entity(name = "IouV1")
  @Table(name = "iou_states_v1")
  public static class PersistentIouV1 extends PersistentState {
    /** The lender (stored as its X.500 name). */
    @Column(name = "lender_name", length = 255)
    public AbstractParty lender;

    /** The borrower (stored as its X.500 name). */
    @Column(name = "borrower_name", length = 255)
    public AbstractParty borrower;

    /** The amount in minor units. */
    @Column(name = "amount", nullable = false)
    public long amount;

    /** For the ORM. */
    protected PersistentIouV1() {}

    /**
     * Creates the row.
     *
     * @param iou the state
     */
    public PersistentIouV1(IouState iou) {
      this.lender = iou.lender();
      this.borrower = iou.borrower();
      this.amount = iou.amount();
    }
  }
}
