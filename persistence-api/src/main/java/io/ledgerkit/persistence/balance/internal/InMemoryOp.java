package io.ledgerkit.persistence.balance.internal;

import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import java.time.Instant;

/**
 * What an operation id names within an {@link InMemoryAccount}: an identified prepare (a hold) or
 * an identified fulfill, kept to answer a repeat with the first result.
 */
sealed interface InMemoryOp permits InMemoryOp.HoldOp, InMemoryOp.FulfillOp {

  /** An identified prepare; mutable only under the account's monitor. */
  static final class HoldOp implements InMemoryOp {
    final PrepareRequest request;
    final PrepareResult result;
    final long sequence;
    final Instant createdAt;
    HoldState state = HoldState.HELD;
    Instant resolvedAt;
    HoldResult resolution;

    HoldOp(PrepareRequest request, PrepareResult result, long sequence, Instant createdAt) {
      this.request = request;
      this.result = result;
      this.sequence = sequence;
      this.createdAt = createdAt;
    }

    Hold hold() {
      return new Hold(
          result.account(),
          result.id(),
          result.amount(),
          result.fromPrepaid(),
          result.fromClearing(),
          createdAt,
          result.expiresAt(),
          state,
          resolvedAt);
    }
  }

  record FulfillOp(FulfillRequest request, FulfillResult result, Instant at)
      implements InMemoryOp {}
}
