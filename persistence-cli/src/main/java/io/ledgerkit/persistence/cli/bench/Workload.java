package io.ledgerkit.persistence.cli.bench;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** What one operation of {@code bench balances} is. */
enum Workload {
  /** One prepare of amount 1 on a random account, with no minimum balance. */
  PREPARE,
  /** One packet: a prepare of amount 1 on a random account, then a fulfill on another one. */
  PACKET;

  /**
   * Returns the name users type and see.
   *
   * @return {@code prepare} or {@code packet}
   */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Converts {@code prepare} / {@code packet} (any case) to the workload. */
  static final class Converter implements ITypeConverter<Workload> {
    @Override
    public Workload convert(String value) {
      for (Workload w : values()) {
        if (w.label().equalsIgnoreCase(value.strip())) {
          return w;
        }
      }
      throw new TypeConversionException("'" + value + "' is not a workload; use prepare or packet");
    }
  }
}
