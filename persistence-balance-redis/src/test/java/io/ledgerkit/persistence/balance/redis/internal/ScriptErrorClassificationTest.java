package io.ledgerkit.persistence.balance.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The error replies a script can produce, worded as Redis 6 and Redis 7 word them: errors about the
 * stored data are data errors on both, errors about the server's state are never.
 */
@DisplayName("Script error replies are classified the same on Redis 6 and Redis 7")
class ScriptErrorClassificationTest {
  private static final String REDIS6 =
      "ERR Error running script (call to f_4c8e4ad0bcd29d8e4b8ecf2bff4ac1a2a7b6e5c1): @user_script:98: ";

  @ParameterizedTest
  @ValueSource(
      strings = {
        // Redis 7: a failing redis.call's reply passes through
        "WRONGTYPE Operation against a key holding the wrong kind of value script: 4c8e, on"
            + " @user_script:98.",
        // Redis 6: the same reply wrapped
        REDIS6 + "WRONGTYPE Operation against a key holding the wrong kind of value",
        // the scripts' own refusal of a malformed stored value, both wordings
        "user_script:24: ledgerkit: not a 64-bit decimal integer: 12x script: 4c8e, on"
            + " @user_script:24.",
        REDIS6 + "user_script:24: ledgerkit: not a 64-bit decimal integer: 12x"
      })
  @DisplayName("data errors")
  void dataErrors(String reply) {
    assertThat(ScriptRunner.isDataError(reply)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "OOM command not allowed when used memory > 'maxmemory'.",
        REDIS6 + "OOM command not allowed when used memory > 'maxmemory'.",
        "READONLY You can't write against a read only replica.",
        REDIS6 + "READONLY You can't write against a read only replica.",
        "BUSY Redis is busy running a script.",
        "LOADING Redis is loading the dataset in memory",
        "CLUSTERDOWN The cluster is down",
        "NOSCRIPT No matching script. Please use EVAL.",
        // a WRONGTYPE that is not the reply of the failed command is not taken for one
        "ERR something else mentioning WRONGTYPE later"
      })
  @DisplayName("server-state errors")
  void serverErrors(String reply) {
    assertThat(ScriptRunner.isDataError(reply)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {REDIS6 + "WRONGTYPE Operation against a key"})
  @DisplayName("the Redis 6 wrapper is removed from the reply")
  void unwraps(String reply) {
    assertThat(ScriptRunner.scriptErrorReply(reply)).isEqualTo("WRONGTYPE Operation against a key");
  }
}
