package dev.vfiopolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/** A task's result or failure reaches the caller as if the task had run on its thread. */
class TasksTest {
  private static <T> FutureTask<T> ran(java.util.concurrent.Callable<T> c) {
    FutureTask<T> f = new FutureTask<>(c);
    f.run();
    return f;
  }

  @Test
  void theResultAndWhatTheTaskThrewComeBackUnwrapped() {
    assertThat(Tasks.await(ran(() -> 42))).isEqualTo(42);
    InputException input = new InputException("f.jsonl:3:1: expected a host");
    assertThatThrownBy(() -> Tasks.await(ran(() -> {
      throw input;
    }))).isSameAs(input);
    OutOfMemoryError oom = new OutOfMemoryError("test");
    assertThatThrownBy(() -> Tasks.await(ran(() -> {
      throw oom;
    }))).isSameAs(oom);
    IOException io = new IOException("disk");
    assertThatThrownBy(() -> Tasks.await(ran(() -> {
      throw io;
    }))).isInstanceOf(IllegalStateException.class).hasCause(io);
  }

  @Test
  void anInterruptedWaitKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Tasks.await(new CompletableFuture<>()))
          .isInstanceOf(IllegalStateException.class).hasMessage("interrupted");
      assertThat(Thread.interrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
