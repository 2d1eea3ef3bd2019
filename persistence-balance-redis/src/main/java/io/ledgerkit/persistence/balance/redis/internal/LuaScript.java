package io.ledgerkit.persistence.balance.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One operation's Lua script: the shared arithmetic library followed by the operation, read from
 * the classpath once, with its SHA-1 digest (the name Redis gives it for {@code EVALSHA}).
 */
public final class LuaScript {
  private static final String BASE = "/io/ledgerkit/persistence/balance/redis/lua/";

  private final String name;
  private final byte[] source;
  private final byte[] sha;

  private LuaScript(String name, byte[] source) {
    this.name = name;
    this.source = source;
    this.sha = hex(sha1(source)).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Loads {@code lib.lua} + {@code <name>.lua} from the classpath.
   *
   * @param name the operation's script name
   * @return the script
   */
  public static LuaScript load(String name) {
    String text = read("lib.lua") + "\n" + read(name + ".lua");
    return new LuaScript(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Wraps a source text (used by tests that exercise the arithmetic library).
   *
   * @param name a name for messages
   * @param text the whole script
   * @return the script
   */
  public static LuaScript of(String name, String text) {
    return new LuaScript(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads the shared arithmetic library's source.
   *
   * @return the text of {@code lib.lua}
   */
  public static String library() {
    return read("lib.lua");
  }

  /**
   * The operation's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The script's text as UTF-8 bytes (do not modify).
   *
   * @return the source
   */
  public byte[] source() {
    return source;
  }

  /**
   * The lowercase hex SHA-1 of the source as ASCII bytes (do not modify).
   *
   * @return the digest
   */
  public byte[] sha() {
    return sha;
  }

  /**
   * The digest as text.
   *
   * @return the lowercase hex SHA-1
   */
  public String shaHex() {
    return new String(sha, StandardCharsets.US_ASCII);
  }

  private static String read(String file) {
    try (InputStream in = LuaScript.class.getResourceAsStream(BASE + file)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + BASE + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + BASE + file, e);
    }
  }

  private static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder b = new StringBuilder(bytes.length * 2);
    for (byte x : bytes) {
      b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return b.toString();
  }
}
