package io.spillway.shuffle.write;

import io.spillway.shuffle.LocalSpark;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.Aggregator;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.shuffle.BaseShuffleHandle;
import org.apache.spark.shuffle.IndexShuffleBlockResolver;
import org.apache.spark.shuffle.ShuffleWriteProcessor;
import org.apache.spark.storage.ShuffleBlockId;
import scala.Option;
import scala.Product2;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/** Map-side-combine dependencies of the local context, and what a map task wrote for them, read back. */
final class MapOutputFiles {

  private MapOutputFiles() {}

  /** Sums {@code Long} values per key. */
  static Aggregator<Object, Object, Object> sum() {
    return new Aggregator<>(v -> v, (c, v) -> (Long) c + (Long) v, (a, b) -> (Long) a + (Long) b);
  }

  /** A map-side-combine shuffle of the local context with a hash partitioner and Spark's default serializer. */
  static ShuffleDependency<Object, Object, Object> sumDependency(int partitions) {
    JavaSparkContext jsc = LocalSpark.context();
    List<Tuple2<Object, Object>> none = List.of();
    return new ShuffleDependency<>(jsc.parallelizePairs(none).rdd(), new HashPartitioner(partitions),
        SparkEnv.get().serializer(), Option.empty(), Option.apply(sum()), true, new ShuffleWriteProcessor(),
        LocalSpark.anyTag(), LocalSpark.anyTag(), LocalSpark.anyTag());
  }

  static BaseShuffleHandle<Object, Object, Object> handle(ShuffleDependency<Object, Object, Object> dep) {
    return new BaseShuffleHandle<>(dep.shuffleId(), dep);
  }

  /** {@code count} records {@code (i * 7919 % keys, 1L)}: every key several times, in a scrambled order. */
  static List<Product2<Object, Object>> records(int count, int keys) {
    List<Product2<Object, Object>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new Tuple2<>((int) ((i * 7919L) % keys), 1L));
    }
    return out;
  }

  static Iterator<Product2<Object, Object>> scala(List<Product2<Object, Object>> records) {
    return CollectionConverters.asScala(records.iterator());
  }

  static IndexShuffleBlockResolver resolver() {
    return (IndexShuffleBlockResolver) SparkEnv.get().shuffleManager().shuffleBlockResolver();
  }

  static File dataFile(int shuffleId, long mapId) {
    return resolver().getDataFile(shuffleId, mapId);
  }

  static File indexFile(int shuffleId, long mapId) {
    return resolver().getIndexFile(shuffleId, mapId, Option.empty());
  }

  /**
   * The records of each reduce partition of one map output, as Spark's reader would see them: the index
   * gives each partition's slice of the data file, which is decompressed and deserialized.
   */
  static List<Map<Object, Object>> readBack(int shuffleId, long mapId, int partitions, Serializer serializer)
      throws IOException {
    byte[] data = Files.readAllBytes(dataFile(shuffleId, mapId).toPath());
    long[] offsets = new long[partitions + 1];
    try (DataInputStream index = new DataInputStream(Files.newInputStream(indexFile(shuffleId, mapId).toPath()))) {
      for (int i = 0; i <= partitions; i++) {
        offsets[i] = index.readLong();
      }
    }
    List<Map<Object, Object>> out = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      Map<Object, Object> records = new HashMap<>();
      byte[] slice = Arrays.copyOfRange(data, (int) offsets[p], (int) offsets[p + 1]);
      InputStream in = SparkEnv.get().serializerManager()
          .wrapStream(new ShuffleBlockId(shuffleId, mapId, p), new ByteArrayInputStream(slice));
      Iterator<Tuple2<Object, Object>> kv = serializer.newInstance().deserializeStream(in).asKeyValueIterator();
      while (kv.hasNext()) {
        Tuple2<Object, Object> r = kv.next();
        if (records.put(r._1(), r._2()) != null) {
          throw new AssertionError("key " + r._1() + " written twice to partition " + p);
        }
      }
      out.add(records);
    }
    return out;
  }

  /** What a correct map-side combine writes: the sum per key, in the key's hash partition. */
  static List<Map<Object, Object>> expected(List<Product2<Object, Object>> records, int partitions) {
    HashPartitioner partitioner = new HashPartitioner(partitions);
    List<Map<Object, Object>> out = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      out.add(new HashMap<>());
    }
    for (Product2<Object, Object> r : records) {
      out.get(partitioner.getPartition(r._1())).merge(r._1(), r._2(), (a, b) -> (Long) a + (Long) b);
    }
    return out;
  }
}
