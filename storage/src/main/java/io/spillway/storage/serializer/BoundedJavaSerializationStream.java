package io.spillway.storage.serializer;

import io.spillway.storage.compat.SerializationDebuggerCompat;
import io.spillway.storage.io.CountingOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import org.apache.spark.serializer.SerializationStream;
import scala.reflect.ClassTag;

/**
 * Spark's {@code JavaSerializationStream} (reset every {@code counterReset} objects), that also resets once
 * {@code resetBytes} were written since the last reset; see {@link BoundedJavaSerializer} for why.
 */
final class BoundedJavaSerializationStream extends SerializationStream {

  private final long[] written = {0L};
  private final ObjectOutputStream objOut;
  private final int counterReset;
  private final long resetBytes;
  private int counter;
  private long writtenAtReset;
  private long resets;

  BoundedJavaSerializationStream(OutputStream out, int counterReset, long resetBytes) {
    this.counterReset = counterReset;
    this.resetBytes = resetBytes;
    try {
      this.objOut = new ObjectOutputStream(new CountingOutputStream(out, written));
    } catch (IOException e) {
      throw Sneaky.rethrow(e);
    }
  }

  @Override
  public <T> SerializationStream writeObject(T t, ClassTag<T> tag) {
    try {
      objOut.writeObject(t);
    } catch (NotSerializableException e) {
      throw Sneaky.rethrow(SerializationDebuggerCompat.improveException(t, e));
    } catch (IOException e) {
      throw Sneaky.rethrow(e);
    }
    counter++;
    // ObjectOutputStream buffers block data up to 1 KiB: what it wrote through is at most that behind
    if ((counterReset > 0 && counter >= counterReset) || written[0] - writtenAtReset >= resetBytes) {
      try {
        objOut.reset();
      } catch (IOException e) {
        throw Sneaky.rethrow(e);
      }
      counter = 0;
      writtenAtReset = written[0];
      resets++;
    }
    return this;
  }

  /** Resets so far (by count or by bytes). */
  long resets() {
    return resets;
  }

  @Override
  public void flush() {
    try {
      objOut.flush();
    } catch (IOException e) {
      throw Sneaky.rethrow(e);
    }
  }

  @Override
  public void close() {
    try {
      objOut.close();
    } catch (IOException e) {
      throw Sneaky.rethrow(e);
    }
  }
}
