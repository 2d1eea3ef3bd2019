package io.ledgerkit.persistence.balance;

import java.util.List;

/**
 * Tracks account balances on the payment hot path. Every operation is atomic and exact:
 *
 * <ul>
 *   <li>it either happens completely or not at all;
 *   <li>amounts are never rounded: a value the store cannot represent exactly is refused with
 *       {@link BalanceOverflowException};
 *   <li>a refusal ({@link BalanceException}) changes nothing;
 *   <li>a store failure is {@link BalanceStoreUnavailableException}, never a refusal; it says
 *       whether the operation may have been applied ({@link
 *       BalanceStoreUnavailableException#mayHaveBeenApplied()}), and it comes within a bound the
 *       tracker documents (derived from its timeouts), never after an unbounded wait;
 *   <li>bad input (negative amount, malformed id) is {@link IllegalArgumentException}, before
 *       anything is sent;
 *   <li>a {@code null} argument (or a {@code null} item of a batch) is {@link NullPointerException}
 *       naming the parameter, before anything is sent;
 *   <li>after {@link #close()} every call is refused with {@link IllegalStateException} ("...
 *       tracker is closed"), nothing applied; a call in flight while {@code close()} runs completes
 *       (or is refused that way), never as a store failure.
 * </ul>
 *
 * <p>An account that was never touched has zero balances. Batch forms apply their items in order,
 * each with its own result, in one round trip where the store allows; a batch does not fail as a
 * whole for a business refusal of one item. A batch call either returns one outcome per item
 * (applied items as successes, each failed item with its own exception) or throws having applied
 * nothing; the one exception is a {@link BalanceStoreUnavailableException} whose {@link
 * BalanceStoreUnavailableException#mayHaveBeenApplied()} is {@code true}.
 */
public interface BalanceTracker extends AutoCloseable {

  /**
   * Returns the current balance of an account (zero when never touched).
   *
   * @param account the account
   * @return its balance
   */
  AccountBalance balance(AccountId account);

  /**
   * Prepares an amount with no minimum balance.
   *
   * @param account the account
   * @param amount the amount, not negative
   * @return what the prepare took
   */
  default PrepareResult prepare(AccountId account, long amount) {
    return prepare(new PrepareRequest(account, amount, null));
  }

  /**
   * Prepares an amount unless the net balance would fall below {@code minBalance}.
   *
   * @param account the account
   * @param amount the amount, not negative
   * @param minBalance the lowest net balance the prepare may leave
   * @return what the prepare took
   * @throws InsufficientBalanceException when {@code net - amount < minBalance}; nothing changed
   */
  default PrepareResult prepare(AccountId account, long amount, long minBalance) {
    return prepare(new PrepareRequest(account, amount, minBalance));
  }

  /**
   * Prepares an amount: takes it from the prepaid amount first and the rest from clearing, unless
   * the net balance would fall below the request's minimum balance.
   *
   * @param request the prepare
   * @return what the prepare took and the balance after it
   * @throws InsufficientBalanceException when {@code net - amount < minBalance}; nothing changed
   */
  PrepareResult prepare(PrepareRequest request);

  /**
   * Undoes exactly one prepare: gives back to prepaid and clearing what each gave.
   *
   * @param prepare the result of the prepare to undo
   * @return the balance after the reject
   */
  AccountBalance reject(PrepareResult prepare);

  /**
   * Adds an amount to clearing; settles when the settings' threshold is reached.
   *
   * @param account the account
   * @param amount the amount, not negative
   * @param settings the account's settings
   * @return the balance and any settlement triggered
   */
  default FulfillResult fulfill(AccountId account, long amount, BalanceSettings settings) {
    return fulfill(new FulfillRequest(account, amount, settings));
  }

  /**
   * Adds an amount to clearing. If {@code settleThreshold} is set and clearing is then at or above
   * it, moves {@code clearing - settleTo} (when positive) into a new pending settlement, in the
   * same atomic step.
   *
   * @param request the fulfill
   * @return the balance and any settlement triggered
   */
  FulfillResult fulfill(FulfillRequest request);

  /**
   * Closes a pending settlement whose money moved. Repeating the call returns an equal outcome.
   *
   * @param id the settlement
   * @return the outcome
   * @throws UnknownSettlementException when no such settlement exists
   * @throws SettlementConflictException when it was already closed as failed
   */
  SettlementOutcome settlementSucceeded(SettlementId id);

  /**
   * Closes a pending settlement whose money did not move: its amount goes back onto clearing, once.
   * Repeating the call changes nothing and returns an equal outcome.
   *
   * @param id the settlement
   * @return the outcome
   * @throws UnknownSettlementException when no such settlement exists
   * @throws SettlementConflictException when it was already closed as succeeded
   */
  SettlementOutcome settlementFailed(SettlementId id);

  /**
   * Lists the pending settlements of one account, oldest first where the store knows.
   *
   * @param account the account
   * @return its pending settlements
   */
  List<PendingSettlement> pendingSettlements(AccountId account);

  /**
   * Lists every pending settlement in the store (for recovery after a crash). This may scan the
   * store and is not meant for the hot path.
   *
   * @return all pending settlements
   */
  List<PendingSettlement> pendingSettlements();

  /**
   * Applies money received from a peer: pays down a negative clearing balance first and adds the
   * rest to prepaid. Idempotent by key: a repeated key with the same account and amount changes
   * nothing and returns the first result.
   *
   * @param idempotencyKey the caller's key, 1 to 128 characters of {@code A-Z a-z 0-9 . _ ~ - : /}
   * @param account the account
   * @param amount the amount, not negative
   * @return what the settlement did
   * @throws SettlementConflictException when the key was used with another account or amount
   */
  IncomingSettlementResult incomingSettlement(
      String idempotencyKey, AccountId account, long amount);

  /**
   * Applies prepares in order, in one round trip where the store allows.
   *
   * @param requests the prepares
   * @return one outcome per request, in order
   */
  List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests);

  /**
   * Applies fulfills in order, in one round trip where the store allows.
   *
   * @param requests the fulfills
   * @return one outcome per request, in order
   */
  List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests);

  /**
   * Applies rejects in order, in one round trip where the store allows.
   *
   * @param prepares the prepares to undo
   * @return one outcome (the balance after the reject) per prepare, in order
   */
  List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares);

  /** Releases the tracker's resources (connections, threads). Idempotent. */
  @Override
  void close();
}
