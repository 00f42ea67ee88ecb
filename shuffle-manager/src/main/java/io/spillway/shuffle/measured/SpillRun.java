package io.spillway.shuffle.measured;

import io.spillway.storage.group.SpillFiles;
import io.spillway.storage.io.CheckedChunkInputStream;
import io.spillway.storage.io.CheckedChunkOutputStream;
import io.spillway.storage.io.CountingOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.storage.BlockId;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * One spilled run of a measured map: (key, combiner) pairs in ascending key-hash order, one pair per key,
 * in a file from {@link SpillFiles} (Spark's local dirs, compression and encryption). It remembers what a
 * merge needs to bound its memory: its pairs and the serialized bytes of its largest pair.
 *
 * <p>Under Spark's codec, each batch is written in CRC-32C-checked chunks ({@link CheckedChunkOutputStream}), so a
 * byte altered on disk fails the read before it reaches the codec (lz4-java's native decompressor trusts its
 * input and could crash the executor JVM).
 *
 * <p>Batches: the file is a sequence of independently framed batches of at most {@link #BATCH_BYTES}
 * serialized bytes (or {@link #BATCH_PAIRS} pairs), each its own serialization stream, as Spark's spills are.
 * A stream may keep what it read reachable until it ends (Java serialization's handle table keeps up to 100
 * objects, 100 MiB of 1 MiB records), so a run being merged pins at most one batch, whatever the serializer.
 */
final class SpillRun {

  /** The checked chunk between the serializer and the file, both ways: what an open run costs besides its head pair. */
  static final int BUFFER_BYTES = CheckedChunkOutputStream.CHUNK_BYTES;
  /** Serialized bytes after which a batch ends: what one open run's stream can keep reachable, at most. */
  static final long BATCH_BYTES = 1L << 20;
  /** Pairs after which a batch ends, as Spark's {@code spark.shuffle.spill.batchSize} default. */
  static final int BATCH_PAIRS = 10_000;

  final BlockId block;
  final File file;
  final long pairs;
  final long bytes;
  final long largestPairBytes;
  private final long[] batchFileBytes;
  private final long[] batchPairs;

  private SpillRun(BlockId block, File file, long pairs, long bytes, long largestPairBytes, long[] batchFileBytes,
      long[] batchPairs) {
    this.block = block;
    this.file = file;
    this.pairs = pairs;
    this.bytes = bytes;
    this.largestPairBytes = largestPairBytes;
    this.batchFileBytes = batchFileBytes;
    this.batchPairs = batchPairs;
  }

  /**
   * Writes {@code sorted} (ascending key hash, one pair per key) to a new run. A pair's size is the growth of
   * the serialized byte count between two pairs, so it is known to within the serializer's own buffer.
   */
  static <K, C> SpillRun write(java.util.Iterator<Tuple2<K, C>> sorted, SpillFiles files, SerializerInstance ser) {
    Tuple2<BlockId, File> f = files.newFile();
    long[] fileBytes = {0L};
    long[] serialized = {0L};
    long pairs = 0;
    long largest = 0;
    List<Long> batchFileBytes = new ArrayList<>();
    List<Long> batchPairs = new ArrayList<>();
    boolean written = false;
    try (OutputStream raw = new CountingOutputStream(new FileOutputStream(f._2()), fileBytes)) {
      while (sorted.hasNext()) {
        long batchStartFile = fileBytes[0];
        long batchStartSerialized = serialized[0];
        long inBatch = 0;
        try (SerializationStream out = ser.serializeStream(
            new CountingOutputStream(files.wrap(f._1(), new CheckedChunkOutputStream(raw, false)), serialized))) {
          while (sorted.hasNext() && inBatch < BATCH_PAIRS && serialized[0] - batchStartSerialized < BATCH_BYTES) {
            Tuple2<K, C> kc = sorted.next();
            long before = serialized[0];
            out.writeKey(kc._1(), ClassTag$.MODULE$.Any());
            out.writeValue(kc._2(), ClassTag$.MODULE$.Any());
            largest = Math.max(largest, serialized[0] - before);
            inBatch++;
          }
        }
        raw.flush();
        batchFileBytes.add(fileBytes[0] - batchStartFile);
        batchPairs.add(inBatch);
        pairs += inBatch;
      }
      written = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write spill run " + f._2(), e);
    } finally {
      if (!written) {
        f._2().delete(); // nothing half-written is read back
      }
    }
    return new SpillRun(f._1(), f._2(), pairs, serialized[0], largest,
        batchFileBytes.stream().mapToLong(Long::longValue).toArray(), batchPairs.stream().mapToLong(Long::longValue).toArray());
  }

  /** Opens a cursor at the run's first pair; close it when done. */
  <K, C> Cursor<K, C> open(SpillFiles files, SerializerInstance ser) {
    try {
      return new Cursor<>(this, new FileInputStream(file), files, ser);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open spill run " + file, e);
    }
  }

  void delete() {
    file.delete();
  }

  /** Independently framed batches in the file. */
  int batches() {
    return batchPairs.length;
  }

  /** Reads a run's pairs in order, a batch at a time, with one pair of look-ahead: the run's head. */
  static final class Cursor<K, C> implements AutoCloseable, MergeSource<K, C> {
    final SpillRun run;
    private final InputStream file;
    private final SpillFiles files;
    private final SerializerInstance ser;
    private int batch = -1;
    private long leftInBatch;
    private DeserializationStream in;
    private CheckedChunkInputStream checked;
    private boolean present;
    private K headKey;
    private C headValue;

    private Cursor(SpillRun run, InputStream file, SpillFiles files, SerializerInstance ser) {
      this.run = run;
      this.file = file;
      this.files = files;
      this.ser = ser;
      advance();
    }

    @Override
    public boolean hasHead() {
      return present;
    }

    @Override
    public int headHash() {
      return BoundedRunMerge.hash(headKey);
    }

    /** Takes the head pair and reads the next one. */
    @Override
    public Tuple2<K, C> take() {
      if (!present) {
        throw new NoSuchElementException("spill run " + run.file + " is exhausted");
      }
      Tuple2<K, C> kc = new Tuple2<>(headKey, headValue);
      advance();
      return kc;
    }

    @SuppressWarnings("unchecked")
    private void advance() {
      headKey = null;
      headValue = null;
      try {
        while (leftInBatch == 0 && batch + 1 < run.batchPairs.length) {
          checkRestOfBatch();
          closeBatch();
          batch++;
          leftInBatch = run.batchPairs[batch];
          checked = new CheckedChunkInputStream(new BoundedInputStream(file, run.batchFileBytes[batch]), true);
          in = ser.deserializeStream(files.wrap(run.block, checked));
        }
        present = leftInBatch > 0;
        if (present) {
          leftInBatch--;
          headKey = (K) in.readKey(ClassTag$.MODULE$.Any());
          headValue = (C) in.readValue(ClassTag$.MODULE$.Any());
        } else {
          checkRestOfBatch();
          closeBatch();
        }
      } catch (RuntimeException e) { // also a CorruptChunkException, which Scala code throws undeclared
        throw new IllegalStateException("cannot read batch " + (batch + 1) + " of spill run " + run.file
            + " (directory " + run.file.getParent() + "): it is corrupt, or the disk failed", e);
      }
    }

    /** The codec may stop before the batch's last chunks (a trailer, the end chunk): they are checked too. */
    private void checkRestOfBatch() {
      if (checked != null) {
        try {
          checked.drain();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    private void closeBatch() {
      checked = null;
      if (in != null) {
        in.close();
        in = null;
      }
    }

    /** Closes the cursor and deletes its run's file. */
    @Override
    public void finish() {
      close();
      run.delete();
    }

    @Override
    public void close() {
      closeBatch();
      try {
        file.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close spill run " + run.file, e);
      }
    }
  }

  /** At most {@code left} bytes of the file, for one batch; closing it leaves the file open. */
  private static final class BoundedInputStream extends FilterInputStream {
    private long left;

    BoundedInputStream(InputStream in, long bytes) {
      super(in);
      this.left = bytes;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(Math.min(n, left));
      left -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), left);
    }

    @Override
    public void close() throws IOException {
      // the whole batch is consumed by the reader; the file stays open for the next batch
      while (left > 0 && skip(left) > 0) {
        // skip the rest of this batch
      }
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
