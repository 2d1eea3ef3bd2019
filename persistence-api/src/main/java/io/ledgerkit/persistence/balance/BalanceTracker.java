package io.ledgerkit.persistence.balance;

import io.ledgerkit.persistence.balance.spi.Amounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 *
 * <h2>Exactly once</h2>
 *
 * <p>Unidentified prepares, fulfills and rejects are <em>at most once</em> under faults: after a
 * {@link BalanceStoreUnavailableException} that says the call may have been applied, a retry may
 * apply it twice. A prepare or fulfill that carries an {@link OperationId} is <em>exactly
 * once</em>: retry it with the same id until it answers; a repeat returns the first result marked
 * {@code replayed} and changes nothing. An identified prepare is a {@link Hold}: {@link
 * #commit(HoldRef) commit} makes it final, {@link #reject(HoldRef) reject} gives back its exact
 * split, and {@link #expireHolds(int)} releases it once its {@code expiresAt} has passed by the
 * store's clock. Ids are scoped to their account. Every change to an account is also appended to
 * its {@link #journal(AccountId, long, int) journal} in the same atomic step.
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
   * Undoes exactly one prepare: gives back to prepaid and clearing what each gave. For an
   * identified prepare this is {@link #reject(HoldRef)}: the split goes back once, however often it
   * is called, and the balance recorded by that release is returned.
   *
   * @param prepare the result of the prepare to undo
   * @return the balance after the reject
   * @throws OperationConflictException when the identified prepare's hold was committed
   */
  AccountBalance reject(PrepareResult prepare);

  /**
   * Commits a hold: the identified prepare becomes final (its packet was fulfilled downstream).
   * Idempotent: a repeat returns the first result marked {@code replayed}.
   *
   * @param hold the hold
   * @return the committed hold and the balance
   * @throws UnknownHoldException when no such hold exists
   * @throws OperationConflictException when the hold was rejected
   * @throws HoldExpiredException when its expiry has passed by the store's clock: the hold is
   *     released (once) and stays {@link HoldState#EXPIRED}
   */
  default HoldResult commit(HoldRef hold) {
    throw unsupported("commit(HoldRef)");
  }

  /**
   * Releases a hold: gives back its exact split. Idempotent: a repeat returns the first result
   * marked {@code replayed}; a hold that already expired is returned as it is, {@code replayed}.
   *
   * @param hold the hold
   * @return the released hold and the balance right after the release
   * @throws UnknownHoldException when no such hold exists
   * @throws OperationConflictException when the hold was committed
   */
  default HoldResult reject(HoldRef hold) {
    throw unsupported("reject(HoldRef)");
  }

  /**
   * Commits holds in order, in one round trip where the store allows.
   *
   * @param holds the holds
   * @return one outcome per hold, in order
   */
  default List<Outcome<HoldResult>> commitHolds(List<HoldRef> holds) {
    Amounts.requireItems("holds", holds);
    List<Outcome<HoldResult>> out = new ArrayList<>(holds.size());
    for (HoldRef h : holds) {
      try {
        out.add(Outcome.success(commit(h)));
      } catch (BalanceException e) {
        out.add(Outcome.failure(e));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Releases holds in order, in one round trip where the store allows.
   *
   * @param holds the holds
   * @return one outcome per hold, in order
   */
  default List<Outcome<HoldResult>> rejectHolds(List<HoldRef> holds) {
    Amounts.requireItems("holds", holds);
    List<Outcome<HoldResult>> out = new ArrayList<>(holds.size());
    for (HoldRef h : holds) {
      try {
        out.add(Outcome.success(reject(h)));
      } catch (BalanceException e) {
        out.add(Outcome.failure(e));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Looks a hold up, in any state, while its record is retained.
   *
   * @param hold the hold
   * @return the hold, or empty when unknown
   */
  default Optional<Hold> hold(HoldRef hold) {
    throw unsupported("hold(HoldRef)");
  }

  /**
   * Lists the held holds of one account, oldest first.
   *
   * @param account the account
   * @return its holds in state {@link HoldState#HELD}
   */
  default List<Hold> holds(AccountId account) {
    throw unsupported("holds(AccountId)");
  }

  /**
   * Lists the held holds of the whole store, a page at a time (for recovery after a crash). Works
   * on a cluster and on millions of accounts: each page costs in proportion to its size. A hold
   * created or resolved during the iteration may or may not appear; every hold held throughout
   * appears exactly once.
   *
   * @param cursor {@code null} for the first page, else the previous page's {@link HoldPage#next()}
   * @param limit the largest number of holds in the page, 1 or more
   * @return the page
   */
  default HoldPage holds(String cursor, int limit) {
    throw unsupported("holds(String, int)");
  }

  /**
   * Releases holds whose {@code expiresAt} has passed by the store's clock, at most {@code limit}
   * of them, each exactly once even when several processes call this concurrently. Costs in
   * proportion to the holds expired, not to the accounts.
   *
   * @param limit the largest number of holds to release, 1 or more
   * @return the holds this call released, each {@link HoldState#EXPIRED}
   */
  default List<Hold> expireHolds(int limit) {
    throw unsupported("expireHolds(int)");
  }

  /**
   * Reads an account's journal from a sequence number, oldest first.
   *
   * @param account the account
   * @param fromSequence the first sequence number wanted, 1 or more
   * @param limit the largest number of entries, 1 or more
   * @return the entries with {@code sequence >= fromSequence} still retained, at most {@code limit}
   */
  default List<JournalEntry> journal(AccountId account, long fromSequence, int limit) {
    throw unsupported("journal(AccountId, long, int)");
  }

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
   * Lists every pending settlement in the store (for recovery after a crash): the convenience that
   * collects every page of {@link #pendingSettlements(String, int)} into one list. The list holds
   * every pending settlement at once, so on a large store prefer the pages; it is not meant for the
   * hot path. A settlement pending throughout the call appears exactly once.
   *
   * @return all pending settlements
   */
  default List<PendingSettlement> pendingSettlements() {
    List<PendingSettlement> all = new ArrayList<>();
    String cursor = null;
    do {
      SettlementPage page = pendingSettlements(cursor, 1_000);
      all.addAll(page.settlements());
      cursor = page.next();
    } while (cursor != null);
    return List.copyOf(all);
  }

  /**
   * Lists the pending settlements of the whole store, a page at a time (for recovery after a
   * crash). Works on a cluster and on millions of accounts: each page costs in proportion to its
   * size, and memory is bounded by the page. A settlement opened or closed during the iteration may
   * or may not appear; every settlement pending throughout appears exactly once.
   *
   * @param cursor {@code null} for the first page, else the previous page's {@link
   *     SettlementPage#next()}
   * @param limit the largest number of settlements in the page, 1 or more
   * @return the page
   * @throws IllegalArgumentException naming the value when the cursor was not returned by this
   *     tracker or the limit is below 1
   */
  default SettlementPage pendingSettlements(String cursor, int limit) {
    throw new UnsupportedOperationException(
        getClass().getName()
            + " does not list pending settlements a page at a time"
            + " (pendingSettlements(String, int)); use a tracker that passes the testkit's"
            + " BalanceTrackerContract");
  }

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

  private UnsupportedOperationException unsupported(String method) {
    return new UnsupportedOperationException(
        getClass().getName()
            + " does not support exactly-once tracking ("
            + method
            + "); use a tracker that passes the testkit's BalanceTrackerContract");
  }
}
