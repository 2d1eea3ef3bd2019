package io.ledgerkit.persistence.balance.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a PostgreSQL server that, when asked, swallows the next reply of some
 * statement and cuts that connection: the server has executed (and, in auto-commit, committed) the
 * statement, the client never hears of it. That is the "reply lost after the commit" fault that
 * makes a blind retry apply an operation twice; terminated backends alone almost never produce it
 * (PostgreSQL lets the reply of a finished commit out before the backend dies).
 */
final class ReplyDroppingProxy implements AutoCloseable {

  /** Replies shorter than this (an empty query's, for pool validation) are never swallowed. */
  private static final int MIN_DROPPED_REPLY = 100;

  /** Bytes a connection must have received before its replies can be swallowed (startup). */
  private static final int STARTUP_BYTES = 2_000;

  private final ServerSocket server;
  private final String host;
  private final int port;
  private final AtomicInteger armed = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private volatile long blackoutUntil = System.nanoTime();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ReplyDroppingProxy(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "reply-dropping-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Swallows the next (large enough) reply on any connection, and cuts that connection. */
  void dropNextReply() {
    armed.incrementAndGet();
  }

  /**
   * For {@code millis} from now, swallows every (large enough) reply and cuts its connection, and
   * closes every new connection at once. A call in flight then loses its connection and the
   * tracker's own retry on another connection loses that one too, so the caller is told the store
   * is unavailable and must retry: unlike {@link #dropNextReply()}, this does not depend on timing.
   */
  void blackout(long millis) {
    blackoutUntil = System.nanoTime() + millis * 1_000_000L;
  }

  private boolean blackedOut() {
    return System.nanoTime() - blackoutUntil < 0;
  }

  /** Replies swallowed so far. */
  int dropped() {
    return dropped.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (blackedOut()) {
          client.close();
          continue;
        }
        Socket upstream = new Socket(host, port);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        start(client, upstream, false);
        start(upstream, client, true);
      } catch (IOException e) {
        if (!closed) {
          System.err.println("proxy accept failed: " + e);
        }
      }
    }
  }

  private void start(Socket from, Socket to, boolean replies) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              long seen = 0;
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                  if (replies
                      && seen >= STARTUP_BYTES
                      && n >= MIN_DROPPED_REPLY
                      && (blackedOut() || armed.getAndUpdate(x -> x > 0 ? x - 1 : 0) > 0)) {
                    dropped.incrementAndGet();
                    break;
                  }
                  seen += n;
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(Socket s) {
    sockets.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}
