package io.spillway.runtime.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DriverMessageHandlersTest {

  private record Ping(int n) {}

  private record Other(String s) {}

  private final DriverMessageHandlers handlers = new DriverMessageHandlers();

  @Test
  void dispatch_registeredType_returnsItsHandlersAnswer() {
    handlers.on(Ping.class, p -> p.n() + 1);
    handlers.on(Other.class, o -> null);

    assertThat(handlers.dispatch(new Ping(41))).isEqualTo(42);
    assertThat(handlers.dispatch(new Other("x"))).isNull();
  }

  @Test
  void dispatch_unregisteredTypeOrNull_isRejectedNamingTheType() {
    handlers.on(Ping.class, p -> null);

    assertThatThrownBy(() -> handlers.dispatch(new Other("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Other.class.getName());
    assertThatThrownBy(() -> handlers.dispatch(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
  }

  @Test
  void on_sameTypeTwice_isAWiringError() {
    handlers.on(Ping.class, p -> null);

    assertThatThrownBy(() -> handlers.on(Ping.class, p -> 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Ping.class.getName());
  }
}
