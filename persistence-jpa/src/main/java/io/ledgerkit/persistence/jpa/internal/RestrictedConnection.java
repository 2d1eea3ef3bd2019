package io.ledgerkit.persistence.jpa.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;

/**
 * Wraps the connection of a running transaction so that user code cannot end or reconfigure it:
 * {@code close}, {@code commit}, {@code rollback}, {@code setAutoCommit}, {@code
 * setTransactionIsolation}, {@code setSchema}, {@code setCatalog} and {@code abort} throw {@link
 * UnsupportedOperationException}. Everything else goes to the real connection.
 */
public final class RestrictedConnection implements InvocationHandler {

  private static final Set<String> REFUSED =
      Set.of(
          "close",
          "commit",
          "rollback",
          "setAutoCommit",
          "setTransactionIsolation",
          "setSchema",
          "setCatalog",
          "abort");

  private final Connection delegate;

  private RestrictedConnection(Connection delegate) {
    this.delegate = delegate;
  }

  /**
   * Wraps a connection.
   *
   * @param delegate the transaction's connection
   * @return the restricted view
   */
  public static Connection wrap(Connection delegate) {
    return (Connection)
        Proxy.newProxyInstance(
            RestrictedConnection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new RestrictedConnection(delegate));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (REFUSED.contains(name)) {
      throw new UnsupportedOperationException(
          "Connection."
              + name
              + "() is not allowed on the connection of PersistenceDatabase.jdbcSession(): the"
              + " transaction owns it and ends it when PersistenceDatabase.transaction(...)"
              + " returns (commit) or throws (rollback)");
    }
    switch (name) {
      case "unwrap":
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return proxy;
        }
        break;
      case "isWrapperFor":
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return true;
        }
        break;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "RestrictedConnection[" + delegate + "]";
      default:
        break;
    }
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
