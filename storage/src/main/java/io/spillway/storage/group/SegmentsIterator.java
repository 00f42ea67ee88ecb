package io.spillway.storage.group;

import io.spillway.storage.io.CheckedChunkInputStream;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializerInstance;

/**
 * Reads a group's segments one after the other, lazily, and checks each against what was written
 * ({@link SpillSegment}): its length before it is opened, the CRC-32C of each chunk before the chunk reaches
 * Spark's codec ({@link CheckedChunkInputStream}), then, when its values run out, the rest of the file and their
 * number. A mismatch, or a serializer error on the way, throws {@link SpillFileException} naming the file. Each
 * file is read once: checking chunk by chunk keeps altered bytes from the codec (lz4-java's native decompressor
 * trusts its input) without a first pass over the whole file.
 */
final class SegmentsIterator implements Iterator<Object> {

  private final Iterator<SpillSegment> segments;
  private final SerializerInstance serializer;
  private final SpillFiles files;
  private final Runnable beforeEachSegment;
  private final String owner;
  private SpillSegment segment;
  private CheckedChunkInputStream checked;
  private DeserializationStream current;
  private long valuesRead;
  private scala.collection.Iterator<Object> values = scala.collection.Iterator$.MODULE$.empty();

  SegmentsIterator(List<SpillSegment> segments, SerializerInstance serializer, SpillFiles files,
      Runnable beforeEachSegment, String owner) {
    this.segments = segments.iterator();
    this.serializer = serializer;
    this.files = files;
    this.beforeEachSegment = beforeEachSegment;
    this.owner = owner;
  }

  @Override
  public boolean hasNext() {
    while (!valuesHasNext()) {
      if (current != null) {
        finishSegment();
      }
      if (!segments.hasNext()) {
        return false;
      }
      beforeEachSegment.run();
      open(segments.next());
    }
    return true;
  }

  @Override
  public Object next() {
    if (!hasNext()) {
      throw new java.util.NoSuchElementException();
    }
    try {
      Object v = values.next();
      valuesRead++;
      return v;
    } catch (Exception e) { // also a codec's IOException, which Scala code throws undeclared
      throw unreadable(e);
    }
  }

  private boolean valuesHasNext() {
    try {
      return values.hasNext();
    } catch (Exception e) { // as in next()
      throw unreadable(e);
    }
  }

  private void open(SpillSegment s) {
    segment = s;
    valuesRead = 0;
    long length = s.file().length();
    if (length != s.bytes()) {
      throw new SpillFileException(s.describe(owner) + " is " + length + " bytes long but " + s.bytes()
          + " were written: it was truncated, overwritten or deleted", null);
    }
    try {
      checked = new CheckedChunkInputStream(new FileInputStream(s.file()), true);
      // the deserializer closes its stream when it reaches the end; the checked stream must stay open to be drained
      InputStream in = files.wrap(s.block(), new FilterInputStream(checked) {
        @Override
        public void close() {}
      });
      current = serializer.deserializeStream(in);
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      throw new SpillFileException("cannot read " + s.describe(owner), e);
    }
    values = current.asIterator();
  }

  /** The segment's values ran out: were they all there, and is every byte as written? */
  private void finishSegment() {
    SpillSegment s = segment;
    try {
      checked.drain(); // the codec may stop short of the end chunk
    } catch (IOException e) {
      closeQuietly();
      throw new SpillFileException("cannot read " + s.describe(owner), e);
    }
    closeQuietly();
    if (valuesRead != s.values()) {
      throw new SpillFileException(s.describe(owner) + " gave " + valuesRead + " values but " + s.values()
          + " were written: it is corrupt", null);
    }
  }

  private SpillFileException unreadable(Exception e) {
    closeQuietly();
    return new SpillFileException("cannot read value " + (valuesRead + 1) + " of " + segment.values() + " from "
        + segment.describe(owner) + " (corrupt?)", e);
  }

  private void closeQuietly() {
    DeserializationStream d = current;
    current = null;
    values = scala.collection.Iterator$.MODULE$.empty();
    CheckedChunkInputStream c = checked;
    checked = null;
    try {
      if (d != null) {
        d.close();
      }
    } catch (RuntimeException e) {
      // the file is only read here; a failed close loses nothing
    }
    try {
      if (c != null) {
        c.close();
      }
    } catch (IOException e) {
      // as above
    }
  }
}
