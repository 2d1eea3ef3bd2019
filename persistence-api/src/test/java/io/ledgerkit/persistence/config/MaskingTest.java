package io.ledgerkit.persistence.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void masksUserInfoPasswords() {
    assertThat(Masking.mask("redis://user:secret@cache:6379/0"))
        .isEqualTo("redis://user:****@cache:6379/0");
    assertThat(Masking.mask("redis://:secret@cache:6379")).isEqualTo("redis://:****@cache:6379");
    assertThat(Masking.mask("redis-cluster://u:p%40ss@h1:7000,h2:7001"))
        .isEqualTo("redis-cluster://u:****@h1:7000,h2:7001");
    assertThat(Masking.mask("jdbc:postgresql://app:secret@db:5432/ledger"))
        .isEqualTo("jdbc:postgresql://app:****@db:5432/ledger");
  }

  @Test
  void leavesTheUserInfoPlaceholderOfAUsageHintAlone() {
    String hint = "use redis://[user:password@]host[:port][/database] or rediss://...";
    assertThat(Masking.mask(hint)).isEqualTo(hint);
  }

  @Test
  void masksPasswordParameters() {
    assertThat(Masking.mask("jdbc:postgresql://db:5432/x?user=app&password=secret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/x?user=app&password=****&ssl=true");
    assertThat(Masking.mask("jdbc:mysql://db/x?password=secret"))
        .isEqualTo("jdbc:mysql://db/x?password=****");
    assertThat(Masking.mask("jdbc:sqlserver://db:1433;user=sa;password=secret;encrypt=false"))
        .isEqualTo("jdbc:sqlserver://db:1433;user=sa;password=****;encrypt=false");
    assertThat(Masking.mask("jdbc:h2:file:./x;USER=sa;PASSWORD=secret"))
        .isEqualTo("jdbc:h2:file:./x;USER=sa;PASSWORD=****");
    assertThat(Masking.mask("jdbc:postgresql://db/x?sslpassword=secret"))
        .isEqualTo("jdbc:postgresql://db/x?sslpassword=****");
  }

  @Test
  void masksOracleUserSlashPassword() {
    assertThat(Masking.mask("jdbc:oracle:thin:scott/tiger@db:1521/XE"))
        .isEqualTo("jdbc:oracle:thin:scott/****@db:1521/XE");
  }

  @Test
  void leavesUrlsWithoutSecretsAlone() {
    for (String url :
        new String[] {
          "jdbc:h2:file:./ledgerkit-data/ledgerkit",
          "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
          "jdbc:mysql://127.0.0.1:3306/test?user=root&password=",
          "redis://127.0.0.1:6379",
          "redis-cluster://10.0.0.1:7000,10.0.0.2:7001",
          "jdbc:oracle:thin:@//db:1521/XE"
        }) {
      assertThat(Masking.mask(url)).isEqualTo(url);
    }
    assertThat(Masking.mask(null)).isNull();
  }

  @Test
  void masksSecretsEntirely() {
    assertThat(Masking.maskSecret("hunter2")).isEqualTo("****");
    assertThat(Masking.maskSecret("")).isEmpty();
    assertThat(Masking.maskSecret(null)).isNull();
  }

  @Test
  void masksPasswordsInFreeTextAsDriversWriteThem() {
    assertThat(Masking.mask("FATAL: bad login (user=app, password=hunter2) for host"))
        .isEqualTo("FATAL: bad login (user=app, password=****) for host");
    assertThat(Masking.mask("password=hunter2")).isEqualTo("password=****");
    assertThat(Masking.mask("mypassword=x")).isEqualTo("mypassword=****");
    assertThat(Masking.mask("passwordless=")).isEqualTo("passwordless=");
  }
}
