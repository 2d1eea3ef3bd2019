package io.ledgerkit.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.testkit.internal.JdbcUrls;
import org.junit.jupiter.api.Test;

/**
 * The URL rewriting behind per-test isolation, including the SQL Server and Oracle forms that
 * cannot run on a machine without those servers.
 */
class JdbcUrlsTest {

  @Test
  void postgresGetsItsCurrentSchemaReplacedNotDuplicated() {
    assertThat(
            JdbcUrls.withQueryParameter(
                "jdbc:postgresql://h:5432/test?user=postgres", "currentSchema", "lkt_1"))
        .isEqualTo("jdbc:postgresql://h:5432/test?user=postgres&currentSchema=lkt_1");
    assertThat(
            JdbcUrls.withQueryParameter(
                "jdbc:postgresql://h/test?currentSchema=x&ssl=false", "currentSchema", "lkt_1"))
        .isEqualTo("jdbc:postgresql://h/test?ssl=false&currentSchema=lkt_1");
    assertThat(JdbcUrls.withQueryParameter("jdbc:postgresql://h/test", "currentSchema", "s"))
        .isEqualTo("jdbc:postgresql://h/test?currentSchema=s");
  }

  @Test
  void mysqlGetsItsDatabaseReplaced() {
    assertThat(
            JdbcUrls.withDatabase("jdbc:mysql://127.0.0.1:3306/test?user=root&password=", "lkt_1"))
        .isEqualTo("jdbc:mysql://127.0.0.1:3306/lkt_1?user=root&password=");
    assertThat(JdbcUrls.withDatabase("jdbc:mysql://h:3306", "lkt_1"))
        .isEqualTo("jdbc:mysql://h:3306/lkt_1");
    assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:mysql:loadbalance://a,b/x", "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql://host:port/database");
  }

  @Test
  void sqlServerGetsADatabaseNameProperty() {
    String url = "jdbc:sqlserver://h:1433;user=sa;password=S3cret!;databaseName=master";
    assertThat(JdbcUrls.withSemicolonProperty(url, "databaseName", "lkt_1"))
        .isEqualTo("jdbc:sqlserver://h:1433;user=sa;password=S3cret!;databaseName=lkt_1");
    assertThat(JdbcUrls.user(url)).isEqualTo("sa");
    assertThat(JdbcUrls.password(url)).isEqualTo("S3cret!");
  }

  @Test
  void oracleCredentialsAreReadAndStripped() {
    String url = "jdbc:oracle:thin:system/pw@//h:1521/FREEPDB1";
    assertThat(JdbcUrls.user(url)).isEqualTo("system");
    assertThat(JdbcUrls.password(url)).isEqualTo("pw");
    assertThat(JdbcUrls.withoutOracleCredentials(url))
        .isEqualTo("jdbc:oracle:thin:@//h:1521/FREEPDB1");
    assertThat(JdbcUrls.redact(url)).isEqualTo("jdbc:oracle:thin:system/****@//h:1521/FREEPDB1");
  }

  @Test
  void credentialsComeFromQueryParametersAndAreRedacted() {
    String url = "jdbc:mysql://h:3306/test?user=root&password=secret&useSSL=false";
    assertThat(JdbcUrls.user(url)).isEqualTo("root");
    assertThat(JdbcUrls.password(url)).isEqualTo("secret");
    assertThat(JdbcUrls.redact(url))
        .isEqualTo("jdbc:mysql://h:3306/test?user=root&password=****&useSSL=false");
    assertThat(JdbcUrls.password("jdbc:postgresql://h/test?user=postgres")).isNull();
  }
}
