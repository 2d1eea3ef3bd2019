package io.ledgerkit.persistence.cli.common;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations such as {@code 300ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h} or
 * ISO-8601 {@code PT10S}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  /** Creates the converter (picocli instantiates it). */
  DurationConverter() {}

  @Override
  public Duration convert(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(text);
    try {
      if (m.matches()) {
        BigDecimal amount = new BigDecimal(m.group(1));
        BigDecimal nanosPerUnit =
            BigDecimal.valueOf(
                switch (m.group(2)) {
                  case "ms" -> 1_000_000L;
                  case "s" -> 1_000_000_000L;
                  case "m" -> 60_000_000_000L;
                  default -> 3_600_000_000_000L;
                });
        return Duration.ofNanos(amount.multiply(nanosPerUnit).longValueExact());
      }
      if (text.startsWith("pt")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
    } catch (ArithmeticException | DateTimeParseException e) {
      // fall through to the message below
    }
    throw new TypeConversionException(
        "'" + value + "' is not a duration; use for example 300ms, 10s, 1.5s, 2m or PT10S");
  }
}
