package io.ledgerkit.persistence.config.docs;

// tag::masking[]
import io.ledgerkit.persistence.config.Masking;

// end::masking[]

/** The masking example of docs/configuration.md, run by {@code ConfigurationDocsTest}. */
public final class MaskingExample {
  private MaskingExample() {}

  /**
   * Runs the example.
   *
   * @return the masked URL
   */
  public static String run() {
    // tag::masking[]
    String forLog = Masking.mask("jdbc:postgresql://db/ledger?user=app&password=secret");
    // forLog is "jdbc:postgresql://db/ledger?user=app&password=****"
    // end::masking[]
    return forLog;
  }
}
