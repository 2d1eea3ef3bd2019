package io.ledgerkit.examples.node;

import io.ledgerkit.persistence.identity.AbstractParty;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.PersistentState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

/**
 * Version 2 of the IOU's table: adds the currency and the lender's reference (change set {@code
 * iou-v2-currency}, added to the changelog when this version was introduced).
 */
public final class IouSchemaV2 extends MappedSchema {

  /** Creates the schema (public for {@link java.util.ServiceLoader}). */
  public IouSchemaV2() {
    super(IouSchema.class, 2, List.of(PersistentIouV2.class));
  }

  /** A row of {@code iou_states_v2}. */
  @Entity(name = "IouV2")
  @Table(name = "iou_states_v2")
  public static class PersistentIouV2 extends PersistentState {
    /** The lender (stored as its X.500 name). */
    @Column(name = "lender_name", length = 255)
    public AbstractParty lender;

    /** The borrower (stored as its X.500 name). */
    @Column(name = "borrower_name", length = 255)
    public AbstractParty borrower;

    /** The amount in minor units. */
    @Column(name = "amount", nullable = false)
    public long amount;

    /** The ISO currency code. */
    @Column(name = "currency", length = 3, nullable = false)
    public String currency;

    /** The lender's reference. */
    @Column(name = "reference", length = 64)
    public String reference;

    /** For the ORM. */
    protected PersistentIouV2() {}

    /**
     * Creates the row.
     *
     * @param iou the state
     */
    public PersistentIouV2(IouState iou) {
      this.lender = iou.lender();
      this.borrower = iou.borrower();
      this.amount = iou.amount();
      this.currency = iou.currency();
      this.reference = iou.reference();
    }
  }
}
