package io.spillway.storage.serializer;

import io.spillway.runtime.config.ShuffleKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;

/**
 * Spark's {@link JavaSerializer} whose streams also reset after {@link #RESET_BYTES_KEY} bytes, not only
 * after {@code spark.serializer.objectStreamReset} objects. Opt in with
 * {@code spark.serializer=io.spillway.storage.serializer.BoundedJavaSerializer}; the jar must then be on the
 * executors' class path ({@code spark.executor.extraClassPath} or the image's {@code jars/}), since Spark
 * creates the serializer before it fetches {@code --jars}.
 *
 * <p>Why: an {@code ObjectOutputStream} keeps every object it wrote reachable until it resets, and the
 * {@code ObjectInputStream} reading it back keeps every object it read until the reset marker. Spark resets
 * every 100 objects, which is nothing for small records and 100 MiB per open stream for 1 MiB records. Spark's
 * own maps and sorters merge their spill files with one such stream open per file: a cogroup of 1 MiB values
 * that spilled ten times holds a gigabyte of already-merged values (suite case S7). Resetting also by bytes
 * bounds what each open stream pins; for records under {@code resetBytes / 100} nothing changes, and above it
 * the cost is one reset marker (and class descriptors written again) per {@code resetBytes} of output.
 *
 * <p>The format is Java serialization's, so what it writes is read by Spark's own {@code JavaSerializer} and
 * back; reading is {@code JavaSerializer}'s.
 */
public class BoundedJavaSerializer extends JavaSerializer {

  private static final long serialVersionUID = 1L;

  /** Spark setting: output bytes after which a stream resets its handle table (default 1 MiB). */
  public static final String RESET_BYTES_KEY = ShuffleKeys.SERIALIZER_RESET_BYTES.key();

  private static final String OBJECT_STREAM_RESET_KEY = "spark.serializer.objectStreamReset";
  private static final int DEFAULT_OBJECT_STREAM_RESET = 100;

  private int counterReset;
  private long resetBytes;

  public BoundedJavaSerializer(SparkConf conf) {
    super(conf);
    this.counterReset = conf.getInt(OBJECT_STREAM_RESET_KEY, DEFAULT_OBJECT_STREAM_RESET);
    this.resetBytes = ShuffleKeys.SERIALIZER_RESET_BYTES.get(conf);
  }

  /** For Java deserialization only ({@link java.io.Externalizable}). */
  public BoundedJavaSerializer() {
    this(new SparkConf());
  }

  @Override
  public SerializerInstance newInstance() {
    return new Instance(super.newInstance(), counterReset, resetBytes);
  }

  @Override
  public void writeExternal(ObjectOutput out) {
    super.writeExternal(out);
    try {
      out.writeInt(counterReset);
      out.writeLong(resetBytes);
    } catch (IOException e) {
      throw Sneaky.rethrow(e);
    }
  }

  @Override
  public void readExternal(ObjectInput in) {
    super.readExternal(in);
    try {
      counterReset = in.readInt();
      resetBytes = in.readLong();
    } catch (IOException e) {
      throw Sneaky.rethrow(e);
    }
  }

  /** Spark's instance for everything but writing streams. */
  private static final class Instance extends SerializerInstance {
    private final SerializerInstance java;
    private final int counterReset;
    private final long resetBytes;

    Instance(SerializerInstance java, int counterReset, long resetBytes) {
      this.java = java;
      this.counterReset = counterReset;
      this.resetBytes = resetBytes;
    }

    @Override
    public <T> ByteBuffer serialize(T t, ClassTag<T> tag) {
      return java.serialize(t, tag); // one object: nothing to pin
    }

    @Override
    public <T> T deserialize(ByteBuffer bytes, ClassTag<T> tag) {
      return java.deserialize(bytes, tag);
    }

    @Override
    public <T> T deserialize(ByteBuffer bytes, ClassLoader loader, ClassTag<T> tag) {
      return java.deserialize(bytes, loader, tag);
    }

    @Override
    public SerializationStream serializeStream(OutputStream s) {
      return new BoundedJavaSerializationStream(s, counterReset, resetBytes);
    }

    @Override
    public DeserializationStream deserializeStream(InputStream s) {
      return java.deserializeStream(s);
    }
  }
}
