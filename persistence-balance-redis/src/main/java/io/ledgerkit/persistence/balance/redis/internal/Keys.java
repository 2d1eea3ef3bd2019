package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.AccountId;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The key layout. Every key of an account carries the account id as a hash tag, so one script
 * touches one cluster slot:
 *
 * <ul>
 *   <li>{@code <prefix>{<account>}} hash: {@code c} clearing, {@code p} prepaid (decimal strings),
 *       {@code n} settlement counter;
 *   <li>{@code <prefix>{<account>}:settlement:<uuid>} hash: {@code st} (p, s, f) and {@code amt};
 *   <li>{@code <prefix>{<account>}:pending} hash: uuid to {@code <micros>:<n>:<amount>} for every
 *       pending settlement;
 *   <li>{@code <prefix>{<account>}:incoming:<idempotency key>} hash: the first result of an
 *       incoming settlement;
 *   <li>{@code <prefix>incoming:{<idempotency key>}} string {@code <account> <amount>}: binds a key
 *       to one account and amount across slots;
 *   <li>{@code <prefix>{<account>}:op:<operation id>} hash: an identified prepare (hold) or fulfill
 *       record (see {@code lib.lua}); a resolved one expires after the operation retention;
 *   <li>{@code <prefix>{<account>}:journal} list: the account's journal entries, oldest first;
 *   <li>{@code <prefix>{<slot tag>}:ix:held} and {@code :ix:exp} zsets: every held hold of a slot
 *       ({@code <account>/<id>}, so one account's are a lexicographic range), and those with an
 *       expiry by {@code expiresAt}; the tag is a short string whose slot is the accounts' slot
 *       ({@link SlotTags}), so the script of a hold writes them with the hold;
 *   <li>{@code <prefix>{<slot tag>}:ix:settle} zset: every pending settlement of a slot ({@code
 *       <account>/<settlement key>}), written by the script that opens it and removed by the one
 *       that closes it;
 *   <li>{@code <prefix>ix:settle:complete} string: present once every pending settlement opened
 *       before the slot indexes existed was added to them (the one-time backfill).
 * </ul>
 */
public final class Keys {
  private static final byte[] SETTLEMENT = "}:settlement:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PENDING = "}:pending".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INCOMING = "}:incoming:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OP = "}:op:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JOURNAL = "}:journal".getBytes(StandardCharsets.US_ASCII);

  private final String prefix;
  private final byte[] prefixBytes;

  /**
   * Creates the layout for a prefix.
   *
   * @param prefix the key prefix, without <code>{</code> or <code>}</code>
   */
  public Keys(String prefix) {
    this.prefix = prefix;
    this.prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The prefix.
   *
   * @return the prefix
   */
  public String prefix() {
    return prefix;
  }

  /**
   * The account's balance hash.
   *
   * @param account the account
   * @return {@code <prefix>{<account>}}
   */
  public byte[] account(AccountId account) {
    return build(account, null, null);
  }

  /**
   * A settlement's record.
   *
   * @param account the account
   * @param key the settlement's key
   * @return {@code <prefix>{<account>}:settlement:<key>}
   */
  public byte[] settlement(AccountId account, UUID key) {
    return build(account, SETTLEMENT, key.toString());
  }

  /**
   * The account's index of pending settlements.
   *
   * @param account the account
   * @return {@code <prefix>{<account>}:pending}
   */
  public byte[] pending(AccountId account) {
    return build(account, PENDING, null);
  }

  /**
   * The record of an incoming settlement on an account.
   *
   * @param account the account
   * @param idempotencyKey the caller's key
   * @return {@code <prefix>{<account>}:incoming:<key>}
   */
  public byte[] incoming(AccountId account, String idempotencyKey) {
    return build(account, INCOMING, idempotencyKey);
  }

  /**
   * The record of an identified operation (a hold or a fulfill).
   *
   * @param account the account
   * @param id the operation id
   * @return {@code <prefix>{<account>}:op:<id>}
   */
  public byte[] op(AccountId account, String id) {
    return build(account, OP, id);
  }

  /**
   * The account's journal.
   *
   * @param account the account
   * @return {@code <prefix>{<account>}:journal}
   */
  public byte[] journal(AccountId account) {
    return build(account, JOURNAL, null);
  }

  /**
   * The held index of a slot.
   *
   * @param tag the slot's tag ({@link SlotTags#tag(int)})
   * @return {@code <prefix>{<tag>}:ix:held}
   */
  public byte[] heldIndex(String tag) {
    return (prefix + "{" + tag + "}:ix:held").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The expiry index of a slot.
   *
   * @param tag the slot's tag ({@link SlotTags#tag(int)})
   * @return {@code <prefix>{<tag>}:ix:exp}
   */
  public byte[] expiryIndex(String tag) {
    return (prefix + "{" + tag + "}:ix:exp").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The pending-settlement index of a slot.
   *
   * @param tag the slot's tag ({@link SlotTags#tag(int)})
   * @return {@code <prefix>{<tag>}:ix:settle}
   */
  public byte[] settlementIndex(String tag) {
    return (prefix + "{" + tag + "}:ix:settle").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The marker of a completed backfill of the pending-settlement indexes.
   *
   * @return {@code <prefix>ix:settle:complete}
   */
  public byte[] settlementIndexComplete() {
    return (prefix + "ix:settle:complete").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The claim that binds an idempotency key to one account and amount.
   *
   * @param idempotencyKey the caller's key
   * @return {@code <prefix>incoming:{<key>}}
   */
  public byte[] claim(String idempotencyKey) {
    return (prefix + "incoming:{" + idempotencyKey + "}").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The {@code SCAN} pattern of every pending index under the prefix (glob characters of the prefix
   * escaped).
   *
   * @return the pattern
   */
  public byte[] pendingPattern() {
    StringBuilder b = new StringBuilder();
    for (char c : prefix.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append("{*}:pending").toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Extracts the account id from a key made by this layout.
   *
   * @param key the key
   * @return the account id
   */
  public AccountId accountOf(byte[] key) {
    String k = new String(key, StandardCharsets.UTF_8);
    int open = k.indexOf('{', prefix.length());
    int close = k.indexOf('}', open + 1);
    return AccountId.of(k.substring(open + 1, close));
  }

  private byte[] build(AccountId account, byte[] suffix, String tail) {
    String id = account.value(); // ASCII only, validated by AccountId
    int n = prefixBytes.length + 1 + id.length() + (suffix == null ? 1 : suffix.length);
    int tailLength = tail == null ? 0 : tail.length(); // ASCII only (UUID, idempotency key)
    byte[] out = new byte[n + tailLength];
    System.arraycopy(prefixBytes, 0, out, 0, prefixBytes.length);
    int i = prefixBytes.length;
    out[i++] = '{';
    for (int j = 0; j < id.length(); j++) {
      out[i++] = (byte) id.charAt(j);
    }
    if (suffix == null) {
      out[i] = '}';
    } else {
      System.arraycopy(suffix, 0, out, i, suffix.length);
      i += suffix.length;
      for (int j = 0; j < tailLength; j++) {
        out[i++] = (byte) tail.charAt(j);
      }
    }
    return out;
  }
}
