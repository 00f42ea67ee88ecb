package io.spillway.shuffle.group;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.spillway.storage.group.GroupSpillStore;
import io.spillway.storage.group.SpillFiles;
import io.spillway.storage.group.SpillSegment;
import java.io.File;
import java.io.Serializable;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.serializer.Serializer;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What user code gets for a group too big for the heap: an {@code Iterable} whose values are read
 * from its spill files each time it is iterated (so iterating twice works), one value at a time.
 * Scala code sees it through {@link #asScala()} (a {@code scala.collection.Iterable}); the Java API
 * unwraps that back to this object.
 *
 * <p>It owns its files: they are deleted when the group is no longer reachable (a {@link Cleaner}),
 * because Spark serializes a task's result after the task's completion listeners ran — a collected
 * group must still be readable then. That holds for a failed or killed task too, since a cached block may
 * hold the group; the files of groups not handed out yet go with the task's store at once. An iterator keeps
 * its group reachable, so files never vanish under a reader.
 *
 * <p>Leaving the task: serialized by Java (it replaces itself with a copy holding its values) or by
 * Kryo (it writes its values), a group carries its values, so collecting or shuffling grouped results
 * works as with Spark's own buffers — at the memory cost the user asked for.
 */
public final class SpilledGroup implements java.lang.Iterable<Object>, Serializable, KryoSerializable {
  private static final long serialVersionUID = 1L;

  private static final Cleaner FILES_CLEANER = Cleaner.create();

  private transient List<SpillSegment> segments;
  private transient Serializer serializer;
  private transient SpillFiles files;
  private long size;
  /** Set when this group was deserialized elsewhere (or is a copy being sent): its values, on the heap. */
  private List<Object> materialized;

  SpilledGroup(List<SpillSegment> segments, Serializer serializer, SpillFiles files, long size) {
    this.segments = List.copyOf(segments);
    this.serializer = serializer;
    this.files = files;
    this.size = size;
    List<File> toDelete = new ArrayList<>();
    segments.forEach(s -> toDelete.add(s.file()));
    FILES_CLEANER.register(this, () -> toDelete.forEach(File::delete));
  }

  /** For Kryo, which fills the group in {@link #read}. */
  @SuppressWarnings("unused")
  private SpilledGroup() {}

  @Override
  public Iterator<Object> iterator() {
    if (materialized != null) {
      return materialized.iterator();
    }
    Iterator<Object> values = GroupSpillStore.readSegments(segments, serializer.newInstance(), files);
    SpilledGroup owner = this;
    return new Iterator<>() {
      @SuppressWarnings("unused")
      private final SpilledGroup keepFilesWhileReading = owner;

      @Override
      public boolean hasNext() {
        return values.hasNext();
      }

      @Override
      public Object next() {
        return values.next();
      }
    };
  }

  /** How user code sees it from Scala (Spark wraps it back to this object for the Java API). */
  public scala.collection.Iterable<Object> asScala() {
    return CollectionConverters.asScala(this);
  }

  /** Values in the group. */
  public long count() {
    return size;
  }

  /** Does not read the disk: a group worth spilling is too big to print. */
  @Override
  public String toString() {
    return "SpilledGroup(" + size + " values" + (materialized == null ? " on disk" : "") + ")";
  }

  /** Java serialization sends the group with every value on the heap (a materialized copy). */
  private Object writeReplace() {
    if (materialized != null) {
      return this;
    }
    SpilledGroup copy = new SpilledGroup();
    copy.size = size;
    copy.materialized = new ArrayList<>((int) Math.min(size, 1 << 20));
    for (Object v : this) {
      copy.materialized.add(v);
    }
    return copy;
  }

  @Override
  public void write(Kryo kryo, Output output) {
    output.writeLong(size);
    for (Object v : this) {
      kryo.writeClassAndObject(output, v);
    }
  }

  @Override
  public void read(Kryo kryo, Input input) {
    size = input.readLong();
    materialized = new ArrayList<>((int) Math.min(size, 1 << 20));
    for (long i = 0; i < size; i++) {
      materialized.add(kryo.readClassAndObject(input));
    }
  }
}
