package dev.vfiopolicy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to a pool of threads, as if it had run on the caller's thread. */
public final class Tasks {
  private Tasks() {}

  /**
   * The task's result; what the task threw is thrown as it was (a message of ours, an
   * OutOfMemoryError), not wrapped, so the caller reports it as it would its own.
   */
  public static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
