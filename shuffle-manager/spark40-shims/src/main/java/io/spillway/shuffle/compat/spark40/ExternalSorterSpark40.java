package io.spillway.shuffle.compat.spark40;

import org.apache.spark.Aggregator;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.util.collection.ExternalSorter;
import scala.Option;
import scala.math.Ordering;

/**
 * {@link ExternalSorter} through its Spark 4.0 constructor (five parameters). Spark 4.1 added a sixth,
 * {@code rowBasedChecksums} (SPARK-51756), and a subclass's super-constructor call is fixed when the subclass
 * is compiled: only a class compiled against Spark 4.0, like this one, can call the 4.0 constructor. Loaded
 * only on a 4.0 runtime; on 4.1 its constructor would throw {@code NoSuchMethodError}.
 */
public abstract class ExternalSorterSpark40<K, V, C> extends ExternalSorter<K, V, C> {

  protected ExternalSorterSpark40(TaskContext context, Option<Aggregator<K, V, C>> aggregator,
      Option<Partitioner> partitioner, Option<Ordering<K>> ordering, Serializer serializer) {
    super(context, aggregator, partitioner, ordering, serializer);
  }
}
