package com.example.iou;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ledgerkit.persistence.config.LedgerkitConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AppTest {

  @Test
  void recordsAnIouAndTracksABalance() {
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .propertiesFile(Path.of("ledgerkit.properties"))
            .databaseUrl("jdbc:h2:mem:app-test;DB_CLOSE_DELAY=-1") // a fresh database
            .load();

    App.Result result = App.run(config);

    assertEquals(1, result.unconsumedIous());
    assertEquals(-250, result.aliceNet());
    assertEquals(250, result.bobNet());
  }
}
