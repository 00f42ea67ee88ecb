package io.spillway.shuffle.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.HashPartitioner;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** An {@code UnsafeRow} read without its schema: fixed-width words as numbers, valid references as text. */
class SqlRowColumnsTest {

  private static UnsafeRow row(long id, String name) {
    UnsafeRowWriter writer = new UnsafeRowWriter(3);
    writer.resetRowWriter();
    writer.write(0, id);
    writer.write(1, UTF8String.fromString(name));
    writer.setNullAt(2);
    return writer.getRow();
  }

  @Test
  void values_fixedWidthTextAndNull() {
    Tuple2<Object, Object> record = new Tuple2<>(5, row(42L, "hot"));

    SqlRowColumns.ColumnValue[] values = new SqlRowColumns(80).values(record);

    assertThat(values).hasSize(3);
    assertThat(values[0].rendered()).isEqualTo("column #0 = 42");
    assertThat(values[1].rendered()).isEqualTo("column #1 = 'hot'");
    assertThat(values[2].rendered()).isEqualTo("column #2 = null");
    assertThat(values[1].partition()).isEqualTo(5);
  }

  @Test
  void rowSizeBytes_isTheSerializersLengthPrefixPlusTheRow() {
    UnsafeRow row = row(1L, "x");

    assertThat(new SqlRowColumns(80).rowSizeBytes(new Tuple2<>(0, row))).isEqualTo(4L + row.getSizeInBytes());
  }

  @Test
  void appliesTo_notAnExchangesPartitioner_false() {
    assertThat(SqlRowColumns.appliesTo(new Tuple2<>(0, row(1L, "x")), new HashPartitioner(2))).isFalse();
  }
}
