package io.spillway.shuffle.compat;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;
import scala.Product2;

/**
 * The column values of a Spark SQL exchange's shuffled rows, as sketch candidates.
 *
 * <p>Why: a SQL exchange writes {@code (partition id, UnsafeRow)} records, so its shuffle key says
 * nothing about the join or grouping key; and the map task does not know which columns the partitioning
 * expressions read. But a partitioning key's value sends every row carrying it to one partition, while
 * other columns' values spread over many. So each candidate is a (column, value, partition) triple: the
 * heaviest triple of a skewed partition is its hot key value, carried by (nearly) all of its rows.
 *
 * <p>Without the schema, a field's 8-byte word is read as a variable-length reference (offset and size
 * into the row's variable region) when it is a valid one, as a fixed-width value otherwise; a
 * variable-length value renders as text when it is valid UTF-8, as hex otherwise. Only the first
 * {@link #MAX_COLUMNS} columns are sketched. Loaded only for SQL rows: it needs spark-catalyst.
 *
 * <p>In the compat seam because it reads {@code UnsafeRow}'s binary layout ({@code UnsafeRow} and
 * {@code Platform} carry no API marker): the null bit set, then one 8-byte word per field, a variable-length
 * field's word holding its offset and size. Checked on 4.0.4, 4.1.3 and 4.2.0: the layout and the methods used
 * here are the same.
 */
public final class SqlRowColumns {

  /** Columns sketched per row: enough for the key columns, which Spark puts where the plan has them. */
  static final int MAX_COLUMNS = 8;
  private static final int MAX_TEXT_BYTES = 256;

  private final int renderChars;

  public SqlRowColumns(int renderChars) {
    this.renderChars = renderChars;
  }

  /** Whether {@code record} is a SQL exchange's: keyed by partition id through Spark's passthrough partitioner. */
  public static boolean appliesTo(Product2<?, ?> record, org.apache.spark.Partitioner partitioner) {
    Object value = record._2();
    return record._1() instanceof Integer && value != null
        && value.getClass().getName().equals("org.apache.spark.sql.catalyst.expressions.UnsafeRow")
        && partitioner.getClass().getName().endsWith("PartitionIdPassthrough");
  }

  /** The row's serialized size as {@code UnsafeRowSerializer} writes it (length prefix and bytes). */
  public long rowSizeBytes(Product2<?, ?> record) {
    return 4L + ((UnsafeRow) record._2()).getSizeInBytes();
  }

  /** One candidate per sketched column. */
  public ColumnValue[] values(Product2<?, ?> record) {
    int partition = (Integer) record._1();
    UnsafeRow row = (UnsafeRow) record._2();
    int n = Math.min(MAX_COLUMNS, row.numFields());
    ColumnValue[] out = new ColumnValue[n];
    int fixedRegion = UnsafeRow.calculateBitSetWidthInBytes(row.numFields()) + 8 * row.numFields();
    for (int i = 0; i < n; i++) {
      if (row.isNullAt(i)) {
        out[i] = new ColumnValue(i, partition, 0L, "null", renderChars);
        continue;
      }
      long word = row.getLong(i);
      int offset = (int) (word >>> 32);
      int size = (int) word;
      if (offset >= fixedRegion && offset % 8 == 0 && size >= 0 && (long) offset + size <= row.getSizeInBytes()) {
        out[i] = new ColumnValue(i, partition, 0L, text(row, offset, size), renderChars);
      } else {
        out[i] = new ColumnValue(i, partition, word, null, renderChars);
      }
    }
    return out;
  }

  private static String text(UnsafeRow row, int offset, int size) {
    int shown = Math.min(size, MAX_TEXT_BYTES);
    byte[] bytes = new byte[shown];
    Platform.copyMemory(row.getBaseObject(), row.getBaseOffset() + offset, bytes, Platform.BYTE_ARRAY_OFFSET, shown);
    try {
      String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      return "'" + s + (shown < size ? "…" : "") + "'";
    } catch (CharacterCodingException e) {
      return "0x" + HexFormat.of().formatHex(bytes) + (shown < size ? "…" : "");
    }
  }

  /**
   * One column's value in one partition.
   *
   * @param column the field's position in the shuffled row
   * @param partition the reduce partition of the row
   * @param word the fixed-width value's bits (0 for variable-length values and nulls)
   * @param text the variable-length value's rendering, or "null"; null for fixed-width values
   */
  public record ColumnValue(int column, int partition, long word, String text, int renderChars) {
    /** {@code column #i = value}, cut to {@code renderChars}. */
    public String rendered() {
      String v = text != null ? text : Long.toString(word);
      String s = "column #" + column + " = " + v;
      return s.length() <= renderChars ? s : s.substring(0, renderChars - 1) + "…";
    }
  }
}
