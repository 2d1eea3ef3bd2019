package io.ledgerkit.persistence.jpa;

import io.ledgerkit.persistence.jpa.entities.StateStatus;
import io.ledgerkit.persistence.jpa.entities.VaultStateEntity;
import io.ledgerkit.persistence.schema.ContractState;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.PersistentState;
import io.ledgerkit.persistence.schema.PersistentStateRef;
import io.ledgerkit.persistence.schema.SchemaService;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.Session;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Records states and their mapped objects, consumes them, and queries the unconsumed ones. Every
 * method runs in the calling thread's transaction ({@link PersistenceDatabase#transaction});
 * outside one it throws {@link IllegalStateException}.
 */
public final class Vault {

  private static final int CHUNK = 500;

  private final PersistenceDatabase db;
  private final SchemaService schemas;
  private final Clock clock;
  private final int flushEvery;
  private final int jdbcBatch;
  private final Map<Class<?>, Boolean> plainInsert = new ConcurrentHashMap<>();

  Vault(PersistenceDatabase db, SchemaService schemas, Clock clock, int batchSize) {
    this.db = db;
    this.schemas = schemas;
    this.clock = clock;
    this.jdbcBatch = Math.max(batchSize, 1);
    this.flushEvery = jdbcBatch * 2;
  }

  /**
   * Records states: one {@code vault_states} row each (status {@link StateStatus#UNCONSUMED}, the
   * recording time and the state's class), and one mapped object per schema the {@link
   * SchemaService} selects, with its state ref set. Written with JDBC batches of the configured
   * batch size, after the session's own pending writes; the recorded objects are not left managed
   * by the session (read them back with queries).
   *
   * @param states the states
   * @throws IllegalArgumentException naming the ref when a state is listed twice or already
   *     recorded (nothing is written then)
   */
  public void record(Collection<? extends StateAndRef<?>> states) {
    Objects.requireNonNull(states, "states");
    Session session = db.currentSession();
    Set<StateRef> refs = new LinkedHashSet<>();
    for (StateAndRef<?> s : states) {
      if (!refs.add(s.ref())) {
        throw new IllegalArgumentException(
            "state " + s.ref() + " is listed twice; record each state once");
      }
    }
    Instant now = clock.instant();
    boolean ownsContext = session.getStatistics().getEntityCount() == 0;
    if (!ownsContext) {
      // The caller's pending writes go first, as they did when everything went through one flush.
      flush(session, refs);
    }
    // Rows of entity types without cascades or collections go through a stateless session on the
    // transaction's own connection: no persistence context, no flush-time dirty checking, no
    // detaching afterwards, only the insert statements in JDBC batches of batchSize. Types with
    // cascades (a parent with child rows) still go through persist + flush so they cascade.
    List<StateAndRef<?>> all = new ArrayList<>(states);
    try (StatelessSession direct = session.statelessWithOptions().connection().open()) {
      for (int from = 0; from < all.size(); from += flushEvery) {
        List<StateAndRef<?>> chunk = all.subList(from, Math.min(all.size(), from + flushEvery));
        // Grouped by entity type (vault rows first, then each mapped type) so that every JDBC
        // batch holds one insert statement.
        Map<Class<?>, List<Object>> byType = new LinkedHashMap<>();
        List<Object> rows = new ArrayList<>(chunk.size());
        byType.put(VaultStateEntity.class, rows);
        for (StateAndRef<?> s : chunk) {
          ContractState state = s.state();
          PersistentStateRef key = new PersistentStateRef(s.ref());
          rows.add(new VaultStateEntity(key, state.getClass().getName(), now));
          for (MappedSchema schema : schemas.selectSchemas(state)) {
            PersistentState m = schemas.generateMappedObject(state, schema);
            m.setStateRef(key);
            byType.computeIfAbsent(m.getClass(), c -> new ArrayList<>()).add(m);
          }
        }
        List<Object> persisted = new ArrayList<>();
        for (Map.Entry<Class<?>, List<Object>> group : byType.entrySet()) {
          if (plainInsert(session, group.getKey())) {
            insert(session, direct, group.getValue(), refs);
          } else {
            for (Object entity : group.getValue()) {
              session.persist(entity);
              persisted.add(entity);
            }
          }
        }
        if (!persisted.isEmpty()) {
          // Write the cascading entities in JDBC batches, then let go of them (only ours: the
          // caller's managed entities stay managed) so large recordings use bounded memory.
          flush(session, refs);
          if (ownsContext) {
            session.clear(); // nothing else was managed: cheaper than detaching one by one
          } else {
            persisted.forEach(session::detach);
          }
        }
      }
    }
  }

  /** Inserts rows of one type in JDBC batches of the configured size, each executed at once. */
  private void insert(
      Session session, StatelessSession direct, List<Object> rows, Set<StateRef> refs) {
    try {
      for (int i = 0; i < rows.size(); i += jdbcBatch) {
        direct.insertMultiple(rows.subList(i, Math.min(rows.size(), i + jdbcBatch)));
      }
    } catch (RuntimeException e) {
      throw duplicateOr(session, refs, e);
    }
  }

  /**
   * Whether rows of a type can be written by a plain insert: no cascades and no collections (a
   * stateless insert would neither cascade to children nor manage their collections).
   */
  private boolean plainInsert(Session session, Class<?> type) {
    return plainInsert.computeIfAbsent(
        type,
        t -> {
          EntityPersister p =
              session
                  .getSessionFactory()
                  .unwrap(SessionFactoryImplementor.class)
                  .getMappingMetamodel()
                  .getEntityDescriptor(t);
          return !p.hasCascades() && !p.hasCollections();
        });
  }

  /**
   * Flushes; a primary-key violation means a state was recorded before. The transaction is then
   * doomed, so the refs already present are looked up in a separate session to name one.
   */
  private void flush(Session session, Set<StateRef> refs) {
    try {
      session.flush();
    } catch (RuntimeException e) {
      throw duplicateOr(session, refs, e);
    }
  }

  /**
   * The error to throw for a failed write: when it is a constraint violation and one of the refs is
   * already recorded, an {@link IllegalArgumentException} naming it (the transaction is doomed, so
   * the refs are looked up in a separate session); otherwise the failure itself.
   */
  private static RuntimeException duplicateOr(
      Session session, Set<StateRef> refs, RuntimeException e) {
    if (!isConstraintViolation(e)) {
      return e;
    }
    Map<StateRef, VaultStateEntity> existing;
    try (Session other = session.getSessionFactory().openSession()) {
      existing = load(other, refs);
    } catch (RuntimeException lookup) {
      e.addSuppressed(lookup);
      existing = Map.of();
    }
    if (!existing.isEmpty()) {
      return new IllegalArgumentException(
          "state "
              + existing.keySet().iterator().next()
              + " is already recorded in the vault; nothing of this transaction was kept",
          e);
    }
    return e;
  }

  /**
   * Marks states consumed, recording the time.
   *
   * @param refs the states to consume
   * @throws IllegalArgumentException naming the ref when a state is unknown, already consumed or
   *     listed twice (nothing changes then)
   */
  public void consume(Collection<StateRef> refs) {
    Objects.requireNonNull(refs, "refs");
    Session session = db.currentSession();
    Set<StateRef> unique = new LinkedHashSet<>();
    for (StateRef r : refs) {
      if (!unique.add(Objects.requireNonNull(r, "ref"))) {
        throw new IllegalArgumentException(
            "state " + r + " is listed twice; consume each state once");
      }
    }
    Map<StateRef, VaultStateEntity> found = load(session, unique);
    for (StateRef r : unique) {
      VaultStateEntity v = found.get(r);
      if (v == null) {
        throw new IllegalArgumentException(
            "state " + r + " is not in the vault; nothing was consumed");
      }
      if (v.getStatus() == StateStatus.CONSUMED) {
        throw new IllegalArgumentException(
            "state "
                + r
                + " was already consumed at "
                + v.getConsumedAt()
                + "; nothing was consumed");
      }
    }
    Instant now = clock.instant();
    for (StateRef r : unique) {
      found.get(r).markConsumed(now);
    }
  }

  /**
   * The vault row of a state.
   *
   * @param ref the state
   * @return its row, or empty when it was never recorded
   */
  public Optional<VaultStateEntity> state(StateRef ref) {
    return Optional.ofNullable(
        db.currentSession().find(VaultStateEntity.class, new PersistentStateRef(ref)));
  }

  /**
   * Every mapped entity of a type whose state is unconsumed.
   *
   * @param type a mapped entity class (a {@link PersistentState} subclass)
   * @param <E> the entity type
   * @return the entities
   */
  public <E extends PersistentState> List<E> unconsumed(Class<E> type) {
    return unconsumedQuery(type, null).getResultList();
  }

  /**
   * A query over mapped entities of a type whose state is unconsumed, with an optional JPQL
   * condition on the entity alias {@code e}, e.g. {@code "e.currency = :ccy order by e.amount"}.
   * The condition is put in parentheses, so {@code "a or b"} never reaches a consumed state; an
   * {@code order by} outside parentheses and quotes ends it. Set the condition's parameters on the
   * returned query.
   *
   * @param type a mapped entity class
   * @param condition a JPQL condition (and optional {@code order by}) on {@code e}, or {@code null}
   * @param <E> the entity type
   * @return the query
   */
  public <E extends PersistentState> TypedQuery<E> unconsumedQuery(
      Class<E> type, String condition) {
    Session session = db.currentSession();
    String entity = session.getMetamodel().entity(type).getName();
    // Two conditions with the same meaning. The exists subquery alone was planned by H2 as a scan
    // of the whole mapped table (consumed history included) and probe of each vault row; a join
    // from the vault was, on PostgreSQL at its default random_page_cost, a hash join over a scan
    // of the mapped table too. The "txId in (unconsumed txIds)" condition, implied by the exists,
    // lets H2 read the mapped rows by their primary key for the unconsumed ids only, and makes
    // PostgreSQL (and MariaDB) probe the mapped table's primary key from the unconsumed vault rows
    // (index on state_status): the cost follows the unconsumed states, not the mapped table.
    String unconsumed = "'" + StateStatus.UNCONSUMED.name() + "'";
    String jpql =
        "select e from "
            + entity
            + " e where e.stateRef.txId in (select u.stateRef.txId from VaultState u"
            + " where u.status = "
            + unconsumed
            + ") and exists (select 1 from VaultState v"
            + " where v.stateRef.txId = e.stateRef.txId and v.stateRef.index = e.stateRef.index"
            + " and v.status = "
            + unconsumed
            + ")";
    if (condition != null && !condition.isBlank()) {
      String c = condition.strip();
      int order = topLevelOrderBy(c);
      String where = (order < 0 ? c : c.substring(0, order)).strip();
      if (!where.isEmpty()) {
        // In parentheses: "a or b" appended bare would bind as "(unconsumed and a) or b" and
        // return consumed states matching b.
        jpql += " and (" + where + ")";
      }
      if (order >= 0) {
        jpql += " " + c.substring(order);
      }
    }
    return session.createQuery(jpql, type);
  }

  /**
   * Where the condition's own {@code order by} starts: outside parentheses and string literals,
   * case-insensitive.
   *
   * @return its index, or -1 when there is none
   */
  static int topLevelOrderBy(String c) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < c.length(); i++) {
      char ch = c.charAt(i);
      if (ch == '\'') {
        quoted = !quoted;
      } else if (quoted) {
        continue;
      } else if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        depth--;
      } else if (depth == 0
          && (i == 0 || !Character.isJavaIdentifierPart(c.charAt(i - 1)))
          && c.regionMatches(true, i, "order", 0, 5)) {
        int j = i + 5;
        if (j < c.length() && Character.isWhitespace(c.charAt(j))) {
          while (j < c.length() && Character.isWhitespace(c.charAt(j))) {
            j++;
          }
          if (c.regionMatches(true, j, "by", 0, 2)
              && (j + 2 == c.length() || !Character.isJavaIdentifierPart(c.charAt(j + 2)))) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  /**
   * The vault rows of unconsumed states of a state class (and not of its subclasses).
   *
   * @param stateClass the state class
   * @return the rows
   */
  public List<VaultStateEntity> unconsumedStates(Class<? extends ContractState> stateClass) {
    return db.currentSession()
        .createQuery(
            "select v from VaultState v where v.stateClass = :c and v.status = :s",
            VaultStateEntity.class)
        .setParameter("c", stateClass.getName())
        .setParameter("s", StateStatus.UNCONSUMED.name())
        .getResultList();
  }

  private static boolean isConstraintViolation(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof org.hibernate.exception.ConstraintViolationException
          || c instanceof java.sql.SQLIntegrityConstraintViolationException
          || (c instanceof java.sql.SQLException sql
              && sql.getSQLState() != null
              && sql.getSQLState().startsWith("23"))) {
        return true;
      }
    }
    return false;
  }

  private static Map<StateRef, VaultStateEntity> load(Session session, Set<StateRef> refs) {
    Map<StateRef, VaultStateEntity> out = new HashMap<>();
    List<String> txIds = refs.stream().map(StateRef::txId).distinct().toList();
    for (int i = 0; i < txIds.size(); i += CHUNK) {
      List<String> chunk = txIds.subList(i, Math.min(txIds.size(), i + CHUNK));
      for (VaultStateEntity v :
          session
              .createQuery(
                  "select v from VaultState v where v.stateRef.txId in :ids",
                  VaultStateEntity.class)
              .setParameter("ids", chunk)
              .getResultList()) {
        StateRef r = v.getStateRef().toStateRef();
        if (refs.contains(r)) {
          out.put(r, v);
        }
      }
    }
    return out;
  }
}
