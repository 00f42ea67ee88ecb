package io.spillway.shuffle.hotkeys;

import io.spillway.runtime.skew.MapTaskKeySketch;
import io.spillway.runtime.skew.SketchedKey;
import io.spillway.runtime.skew.SkewSettings;
import io.spillway.shuffle.compat.SqlRowColumns;
import io.spillway.shuffle.skew.HeavyHitter;
import io.spillway.shuffle.skew.HeavyHitters;
import io.spillway.shuffle.skew.KeyRenderer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.Serializer;
import scala.Product2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * One map task's hot-key sketch: sees every record the task writes, and for one in {@code sampleEvery}
 * measures its serialized size (the shuffle's own serializer, into a discarding stream) and counts it in
 * a {@link HeavyHitters} sketch; at the end it builds the {@link MapTaskKeySketch} the driver merges,
 * counts and bytes scaled back up by the sampling stride.
 *
 * <p>Cost: per record a decrement and a branch ({@link #wrap}); per sampled record one serialization and one sketch
 * update (a hash lookup and a few array writes). Keys are rendered only at the end, only the tracked
 * ones. Why sample: hot keys are by definition frequent, so a 1-in-n sample finds them with
 * the same sketch guarantees on the sample, at 1/n of the cost; gaps between samples are random
 * ({@link #nextGap}) so periodic key patterns do not alias (the sketch may cost at most 2 % of a map stage).
 *
 * <p>Spark SQL's shuffles are keyed by partition id, so for those ({@link SqlRowColumns#appliesTo})
 * the sketch counts (column value, partition) pairs of the shuffled rows instead: a hot join or grouping
 * key is the column value that fills most of one partition.
 */
final class MapKeySketcher {

  private static final ClassTag<Object> ANY = ClassTag$.MODULE$.Any();

  private final int shuffleId;
  private final int mapIndex;
  private final int numMaps;
  private final Partitioner partitioner;
  private final Serializer serializer;
  private final SkewSettings settings;
  private final HeavyHitters sketch;
  private SqlRowColumns sqlColumns;
  private boolean sqlChecked;
  private long records;
  private long random;
  private long sampledRecords;
  private long sampledBytes;
  private SerializationStream sizeStream;
  private DiscardingCountingStream sizeSink;
  /** Why this task stopped sketching (a key whose hashCode or equals threw), or null while it sketches. */
  private RuntimeException keyFailure;

  MapKeySketcher(int shuffleId, int mapIndex, int numMaps, Partitioner partitioner, Serializer serializer,
      SkewSettings settings) {
    this.shuffleId = shuffleId;
    this.mapIndex = mapIndex;
    this.numMaps = numMaps;
    this.partitioner = partitioner;
    this.serializer = serializer;
    this.settings = settings;
    this.sketch = new HeavyHitters(settings.sketchCapacity());
    this.random = 0x9E3779B97F4A7C15L * (((long) shuffleId << 32) ^ mapIndex ^ 0x5DEECE66DL) | 1L;
  }

  /**
   * Wraps a map task's input: every record passes through unchanged, one in {@code sampleEvery} (random
   * gaps) is {@link #sample sampled}. The per-record work is a decrement and a branch, in a monomorphic
   * iterator the JIT inlines into the writer's loop; records are counted from the gaps, not one by one.
   */
  <R extends Product2<?, ?>> scala.collection.Iterator<R> wrap(scala.collection.Iterator<R> input) {
    return new SketchingIterator<>(input);
  }

  private final class SketchingIterator<R extends Product2<?, ?>> extends scala.collection.AbstractIterator<R> {
    private final scala.collection.Iterator<R> input;
    private long countdown = nextGap();
    private long scheduled = countdown;

    SketchingIterator(scala.collection.Iterator<R> input) {
      this.input = input;
    }

    @Override
    public boolean hasNext() {
      boolean more = input.hasNext();
      if (!more) {
        records = scheduled - countdown; // the gaps handed out, less what the last one did not use
      }
      return more;
    }

    @Override
    public R next() {
      R record = input.next();
      if (--countdown == 0) {
        countdown = nextGap();
        scheduled += countdown;
        if (keyFailure == null) {
          sample(record);
        }
      }
      return record;
    }
  }

  /**
   * Records until the next sample: uniform in [1, 2 × sampleEvery − 1], so one in {@code sampleEvery} on
   * average. A fixed stride would alias with periodic keys (every other record hot: a stride of 16 sees
   * only one parity).
   */
  private long nextGap() {
    int every = settings.sampleEvery();
    if (every == 1) {
      return 1;
    }
    random ^= random << 13; // xorshift64
    random ^= random >>> 7;
    random ^= random << 17;
    return 1 + Math.floorMod(random, 2L * every - 1);
  }

  /** Counts one sampled record (and measures it). */
  private void sample(Product2<?, ?> record) {
    if (!sqlChecked) {
      sqlChecked = true;
      if (SqlRowColumns.appliesTo(record, partitioner)) {
        sqlColumns = new SqlRowColumns(settings.keyRenderChars());
      }
    }
    sampledRecords++;
    if (sqlColumns != null) {
      long size = sqlColumns.rowSizeBytes(record);
      sampledBytes += size;
      for (SqlRowColumns.ColumnValue value : sqlColumns.values(record)) {
        sketch.update(value, size);
      }
      return;
    }
    long size = measure(record);
    try {
      sketch.update(record._1(), size);
    } catch (RuntimeException e) {
      // the key's hashCode or equals threw: Spark's partitioner may never call them (a range partitioner does
      // not), so the job must not fail here; this task's sketch is given up and its report says why
      keyFailure = e;
      return;
    }
    sampledBytes += size;
  }

  private long measure(Product2<?, ?> record) {
    try {
      if (sizeStream == null) {
        sizeSink = new DiscardingCountingStream();
        sizeStream = serializer.newInstance().serializeStream(sizeSink);
      }
      long before = sizeSink.count();
      sizeStream.writeKey(record._1(), ANY);
      sizeStream.writeValue(record._2(), ANY);
      sizeStream.flush();
      return sizeSink.count() - before;
    } catch (RuntimeException e) {
      // a record the serializer cannot write fails Spark's writer with a clear error; here it only means no size
      return 0;
    }
  }

  /**
   * The message for the driver, sent once the task's output is committed.
   *
   * @throws IllegalStateException if a key could not be counted (the caller logs it and sends nothing)
   */
  MapTaskKeySketch finish() {
    closeSizeStream();
    if (keyFailure != null) {
      throw new IllegalStateException("a key of shuffle " + shuffleId + " map " + mapIndex + " could not be "
          + "counted (its hashCode or equals threw), so this task's hot-key sketch was given up", keyFailure);
    }
    double scale = sampledRecords == 0 ? 0 : (double) records / sampledRecords;
    KeyRenderer renderer = new KeyRenderer(settings.keyRenderChars());
    List<SketchedKey> keys = new ArrayList<>();
    for (HeavyHitter h : sketch.top(settings.sketchCapacity(), 1.0)) {
      long estRecords = Math.round(h.count() * scale);
      long estBytes = Math.round(h.estimatedBytes() * scale);
      long error = Math.round(h.error() * scale);
      if (h.key() instanceof SqlRowColumns.ColumnValue v) {
        keys.add(new SketchedKey(v.rendered(), v.hashCode(), v.partition(), estRecords, error, estBytes));
      } else {
        keys.add(new SketchedKey(renderer.render(h.key()), hash(h.key()), partition(h.key()), estRecords, error,
            estBytes));
      }
    }
    return new MapTaskKeySketch(shuffleId, mapIndex, numMaps, partitioner.numPartitions(),
        sqlColumns != null ? MapTaskKeySketch.SQL_COLUMNS : MapTaskKeySketch.RDD_KEYS, records,
        Math.round(sampledBytes * scale), Math.round(sketch.unmonitoredBoundCount() * scale), keys);
  }

  private int partition(Object key) {
    try {
      return partitioner.getPartition(key);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static int hash(Object key) {
    try {
      return key == null ? 0 : key.hashCode();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Releases the size-measuring stream (also when the task fails before {@link #finish}). */
  void closeSizeStream() {
    if (sizeStream != null) {
      try {
        sizeStream.close();
      } catch (RuntimeException e) {
        // nothing was kept: the sink discards
      }
      sizeStream = null;
    }
  }
}
