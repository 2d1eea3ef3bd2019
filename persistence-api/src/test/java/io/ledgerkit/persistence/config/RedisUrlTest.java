package io.ledgerkit.persistence.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class RedisUrlTest {

  @Test
  void parsesStandaloneUrls() {
    RedisUrl u = RedisUrl.parse("redis://127.0.0.1:6380/3");
    assertThat(u.cluster()).isFalse();
    assertThat(u.tls()).isFalse();
    assertThat(u.nodes()).containsExactly(InetSocketAddress.createUnresolved("127.0.0.1", 6380));
    assertThat(u.database()).isEqualTo(3);
    assertThat(u.user()).isNull();
    assertThat(u.password()).isNull();

    RedisUrl tls = RedisUrl.parse("rediss://app:pw@cache.example.com");
    assertThat(tls.tls()).isTrue();
    assertThat(tls.user()).isEqualTo("app");
    assertThat(tls.password()).isEqualTo("pw");
    assertThat(tls.nodes())
        .containsExactly(InetSocketAddress.createUnresolved("cache.example.com", 6379));
    assertThat(RedisUrl.parse("redis://:p%40ss%2Fw+rd@h").password()).isEqualTo("p@ss/w+rd");
    assertThat(RedisUrl.parse("redis://[::1]:7000").nodes())
        .containsExactly(InetSocketAddress.createUnresolved("::1", 7000));
  }

  @Test
  void parsesClusterUrls() {
    RedisUrl u = RedisUrl.parse("redis-cluster://:pw@h1:7000,h2:7001,h3");
    assertThat(u.cluster()).isTrue();
    assertThat(u.password()).isEqualTo("pw");
    assertThat(u.nodes())
        .containsExactly(
            InetSocketAddress.createUnresolved("h1", 7000),
            InetSocketAddress.createUnresolved("h2", 7001),
            InetSocketAddress.createUnresolved("h3", 6379));
  }

  @Test
  void refusesWhatIsNotARedisUrlNamingTheMaskedValue() {
    assertThatThrownBy(() -> RedisUrl.parse("http://u:secret@h:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://u:****@h:1")
        .hasMessageNotContaining("secret")
        .hasMessageContaining("redis-cluster://");
    assertThatThrownBy(() -> RedisUrl.parse("redis://h1:1,h2:2"))
        .hasMessageContaining("redis-cluster://");
    assertThatThrownBy(() -> RedisUrl.parse("redis://h:99999")).hasMessageContaining("port 99999");
    assertThatThrownBy(() -> RedisUrl.parse("redis-cluster://h:1/2"))
        .hasMessageContaining("no database index");
  }

  @Test
  void ignoresSurroundingWhitespaceAndRefusesAnUnescapedAtInTheHost() {
    assertThat(RedisUrl.parse("  redis://h:7000/2\n").database()).isEqualTo(2);
    assertThatThrownBy(() -> RedisUrl.parse("redis://u:p@ss@h:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("p@ss")
        .hasMessageContaining("redis://");
  }

  @Test
  void describesItselfWithoutCredentials() {
    assertThat(RedisUrl.parse("rediss://app:secret@cache.example.com/3").describe())
        .isEqualTo("rediss://cache.example.com:6379/3");
    assertThat(RedisUrl.parse("redis-cluster://:pw@h1:7000,[::1]:7001").describe())
        .isEqualTo("redis-cluster://h1:7000,[::1]:7001");
  }
}
