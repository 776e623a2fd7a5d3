package dev.vfiopolicy.app;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The SHA-256 of the bytes read through it, computed on a thread of its own while the reader
 * parses: a report names the digest of the population file it read without a second pass over
 * the file (which a pipe or FIFO would not allow) and without the parser waiting for it. A bounded
 * number of chunks wait to be digested, so memory stays flat.
 */
final class BackgroundDigest extends FilterInputStream {
  private final MessageDigest digest = Digests.sha256();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "vfio-policy-digest");
    t.setDaemon(true);
    return t;
  });
  private final Semaphore room = new Semaphore(ROOM);
  private Future<?> last;
  /**
   * Chunks' buffers, back from the digest thread: a copy of every chunk read was a third of a
   * JSON Lines run's garbage, and each young collection stops every thread.
   */
  private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> free =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** Chunks waiting to be digested, at most: 2 MB of a file read in 256 KB chunks, held live. */
  private static final int ROOM = 8;
  /** The size of pooled buffers: a read of up to this many bytes is copied into one. */
  private static final int POOLED = 1 << 18;

  BackgroundDigest(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      hand(new byte[] {(byte) b}, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      byte[] copy = n <= POOLED ? free.poll() : null;
      if (copy == null) {
        copy = new byte[Math.max(n, POOLED)];
      }
      System.arraycopy(b, off, copy, 0, n);
      hand(copy, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
    int r = read(buf, 0, buf.length);
    return Math.max(r, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void hand(byte[] bytes, int n) throws IOException {
    try {
      room.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
    last = thread.submit(() -> {
      try {
        digest.update(bytes, 0, n);
      } finally {
        if (bytes.length == POOLED) {
          free.offer(bytes);
        }
        room.release();
      }
    });
  }

  /** "sha256:..." of every byte read; waits for the digest thread to catch up. */
  String finish() {
    try {
      if (last != null) {
        last.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    return Digests.show(digest);
  }

  @Override
  public void close() throws IOException {
    thread.shutdownNow();
    super.close();
  }
}
