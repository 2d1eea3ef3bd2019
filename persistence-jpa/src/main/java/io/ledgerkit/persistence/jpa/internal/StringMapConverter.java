package io.ledgerkit.persistence.jpa.internal;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stores a {@code Map<String,String>} as one text column in URL form-encoding ({@code k1=v1&k2=v2},
 * keys sorted), which is portable and readable in SQL.
 */
@Converter
public final class StringMapConverter implements AttributeConverter<Map<String, String>, String> {

  /** Creates the converter. */
  public StringMapConverter() {}

  @Override
  public String convertToDatabaseColumn(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  @Override
  public Map<String, String> convertToEntityAttribute(String text) {
    Map<String, String> map = new TreeMap<>();
    if (text == null || text.isEmpty()) {
      return map;
    }
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      map.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return map;
  }
}
