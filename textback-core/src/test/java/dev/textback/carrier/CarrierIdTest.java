package dev.textback.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.phone.CarrierId;
import org.junit.jupiter.api.Test;

class CarrierIdTest {
  @Test
  void accepts_lower_case_names_and_compares_by_name() {
    assertThat(CarrierId.of("twilio")).isEqualTo(new CarrierId("twilio"));
    assertThat(CarrierId.of("my-carrier2").toString()).isEqualTo("my-carrier2");
  }

  @Test
  void refuses_names_that_cannot_be_a_path_segment_or_a_stored_key() {
    for (String bad : new String[] {"", "Twilio", "1carrier", "twi lio", "a/b", "x".repeat(33), "tw\nilio"}) {
      assertThatThrownBy(() -> CarrierId.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("\n");
    }
  }
}
