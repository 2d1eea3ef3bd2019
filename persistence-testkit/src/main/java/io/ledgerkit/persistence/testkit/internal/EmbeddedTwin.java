package io.ledgerkit.persistence.testkit.internal;

import io.ledgerkit.persistence.testkit.TestDatabaseKind;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class on {@code TestDatabaseExtension.postgres()} or {@code
 * TestRedisExtension.standalone()} when it would resolve to the embedded server, because a twin
 * class already runs the same tests on the embedded server: without the environment variable the
 * two would run the same suite twice. With the variable set (the local services), or where the
 * embedded server cannot run (the class then gets Testcontainers or skips as usual), it runs. For
 * this project's own tests; not a public API.
 */
public abstract class EmbeddedTwin implements ExecutionCondition {

  private final String variable;
  private final Supplier<Optional<String>> embeddedUnavailable;
  private final String embedded;

  private EmbeddedTwin(
      String variable, Supplier<Optional<String>> embeddedUnavailable, String embedded) {
    this.variable = variable;
    this.embeddedUnavailable = embeddedUnavailable;
    this.embedded = embedded;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String value = System.getenv(variable);
    if (value != null && !value.isBlank()) {
      return ConditionEvaluationResult.enabled(variable + " is set");
    }
    if (embeddedUnavailable.get().isPresent()) {
      return ConditionEvaluationResult.enabled("the " + embedded + " cannot run here");
    }
    return ConditionEvaluationResult.disabled(
        variable
            + " is not set, so this class would run on the "
            + embedded
            + ", where its embedded twin already runs the same tests");
  }

  /** For classes on {@code TestDatabaseExtension.postgres()}. */
  public static final class Postgres extends EmbeddedTwin {
    /** Creates the condition (JUnit does). */
    public Postgres() {
      super(
          Resolver.envVariable(TestDatabaseKind.POSTGRESQL),
          PostgresBinaries::unavailableReason,
          "embedded PostgreSQL");
    }
  }

  /** For classes on {@code TestRedisExtension.standalone()}. */
  public static final class Redis extends EmbeddedTwin {
    /** Creates the condition (JUnit does). */
    public Redis() {
      super(Resolver.REDIS_ENV, RedisBinary::unavailableReason, "embedded Redis");
    }
  }
}
