package io.ledgerkit.examples.springboot;

import io.ledgerkit.persistence.identity.IdentityService;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application on the Ledgerkit starter: the database, vault, balance tracker, health
 * indicators and metrics come from {@code ledgerkit.*} in {@code application.properties}; this
 * class only adds the parties its IOUs name.
 */
@SpringBootApplication
public class LedgerApplication {

  /** The lender of the example's IOUs. */
  public static final Party BANK = party("O=Bank A,L=London,C=GB");

  /** The borrower of the example's IOUs. */
  public static final Party SHOP = party("O=Shop B,L=Paris,C=FR");

  /**
   * Starts the application.
   *
   * @param args Spring Boot's arguments, e.g. {@code --ledgerkit.balance.store=redis}
   */
  public static void main(String[] args) {
    SpringApplication.run(LedgerApplication.class, args);
  }

  /**
   * The parties the vault resolves; the starter hands this bean to Ledgerkit.
   *
   * @return the identity service
   */
  @Bean
  IdentityService identityService() {
    return InMemoryIdentityService.of(BANK, SHOP);
  }

  /** A party: an X.500 name and a public key (here a fresh P-256 key). */
  static Party party(String x500Name) {
    try {
      KeyPairGenerator keys = KeyPairGenerator.getInstance("EC");
      keys.initialize(256);
      return new Party(x500Name, keys.generateKeyPair().getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC key generator in this JVM", e);
    }
  }
}
