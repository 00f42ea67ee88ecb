package io.spillway.shuffle.measured;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasuredBytesTest {

  private long fed = 1_000; // a reader that had already read bytes before the buffer was made
  private final MeasuredBytes measured = new MeasuredBytes(() -> fed);

  @Test
  void sinceSpill_countsFromCreationThenFromEachSpill() {
    fed += 300;
    assertThat(measured.sinceSpill()).isEqualTo(300);
    measured.spilled();
    fed += 50;
    assertThat(measured.sinceSpill()).isEqualTo(50);
  }

  @Test
  void checkDue_onceEveryMebibyteFed() {
    fed += MeasuredBytes.CHECK_EVERY_BYTES - 1;
    assertThat(measured.checkDue()).isFalse();
    fed += 1;
    assertThat(measured.checkDue()).isTrue();
    assertThat(measured.checkDue()).as("the check counted").isFalse();
    fed += 8 * MeasuredBytes.CHECK_EVERY_BYTES; // one 8 MiB record: one check, not eight
    assertThat(measured.checkDue()).isTrue();
    assertThat(measured.checkDue()).isFalse();
  }

  @Test
  void forcedRunFloorBytes_smallRecords_isTheByteFloor() {
    for (int i = 0; i < 100; i++) {
      fed += 200;
      measured.recordTaken();
    }
    assertThat(measured.largestRecordBytes()).isEqualTo(200);
    assertThat(measured.forcedRunFloorBytes()).isEqualTo(MeasuredBytes.MIN_FORCED_RUN_BYTES);
  }

  @Test
  void forcedRunFloorBytes_multiMiBRecords_isSixteenOfTheLargest() {
    fed += 100;
    measured.recordTaken();
    fed += 4L << 20;
    measured.recordTaken();
    fed += 100;
    measured.recordTaken();
    assertThat(measured.largestRecordBytes()).isEqualTo(4L << 20);
    assertThat(measured.forcedRunFloorBytes()).isEqualTo(64L << 20);
  }
}
