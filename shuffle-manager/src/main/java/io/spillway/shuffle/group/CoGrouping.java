package io.spillway.shuffle.group;

import io.spillway.shuffle.compat.GroupBuffers;
import io.spillway.shuffle.measured.MeasuredAppendOnlyMap;
import io.spillway.storage.group.SpillFiles;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.Serializer;
import scala.Product2;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * cogroup's grouping with {@link StreamingGrouping}'s groups: for each key, one group per input, each of which
 * goes to the task's spill store on its own once it passes the threshold. A join whose hot key has ten million
 * rows on one side and one on the other keeps the one row in a {@code CompactBuffer} and reads the ten million
 * back from disk, lazily, as often as the join's nested loop iterates them.
 *
 * <p>Inputs are consumed one after the other (an input is opened only when the previous one is drained); which
 * input the current record came from is known from that order, so records are not wrapped in a
 * (value, input) pair as Spark's {@code CoGroupedRDD} does.
 */
public final class CoGrouping {

  private final StreamingGrouping grouping;
  private final int inputCount;
  /** The input the record being grouped came from. */
  private int currentInput;

  private CoGrouping(StreamingGrouping grouping, int inputCount) {
    this.grouping = grouping;
    this.inputCount = inputCount;
  }

  /**
   * Groups the records of {@code inputs} by key.
   *
   * @param inputs each input's records, opened in turn when the previous one is drained
   * @param fedBytes serialized bytes of the records read so far, over all inputs (see {@link StreamingGrouping})
   * @param everyInputMeasured whether {@code fedBytes} counts the records of every input (each is a shuffle read
   *     by Spillway's reader)
   * @return (key, groups) pairs: an array of {@code scala.collection.Iterable} with one group per input, each a
   *     {@code CompactBuffer} (empty when the input had no value for the key) or a spilled group
   */
  public static Iterator<Tuple2<Object, scala.collection.Iterable<?>[]>> cogroup(
      List<Supplier<Iterator<Product2<Object, Object>>>> inputs, TaskContext task, Serializer serializer,
      SpillFiles files, GroupSpillThreshold threshold, LongSupplier fedBytes, boolean everyInputMeasured) {
    StreamingGrouping grouping = StreamingGrouping.open(task, serializer, files, threshold, fedBytes,
        everyInputMeasured);
    CoGrouping co = new CoGrouping(grouping, inputs.size());
    @SuppressWarnings({"unchecked", "rawtypes"})
    Iterator<Tuple2<Object, CoGroupCombiner>> grouped = MeasuredAppendOnlyMap.combineValuesByKey(
        (Iterator) co.inTurn(inputs), (scala.Function1<Object, CoGroupCombiner>) co::create, co::add, co::merge, task,
        () -> fedBytes.getAsLong() - grouping.divertedBytes());
    return grouped.map(kc -> new Tuple2<>(kc._1(), co.toUserGroups(kc._2())));
  }

  /** The inputs' records one input after the other, tracking {@link #currentInput}. */
  private Iterator<Product2<Object, Object>> inTurn(List<Supplier<Iterator<Product2<Object, Object>>>> inputs) {
    return new scala.collection.AbstractIterator<>() {
      private Iterator<Product2<Object, Object>> current;
      private int nextInput;

      @Override
      public boolean hasNext() {
        while (current == null || !current.hasNext()) {
          if (nextInput >= inputs.size()) {
            return false;
          }
          currentInput = nextInput;
          current = inputs.get(nextInput++).get();
        }
        return true;
      }

      @Override
      public Product2<Object, Object> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  CoGroupCombiner create(Object value) {
    CoGroupCombiner c = new CoGroupCombiner(inputCount);
    c.groups[currentInput] = grouping.create(value);
    return c;
  }

  CoGroupCombiner add(CoGroupCombiner c, Object value) {
    GroupCombiner g = c.groups[currentInput];
    c.groups[currentInput] = g == null ? grouping.create(value) : grouping.add(g, value);
    return c;
  }

  CoGroupCombiner merge(CoGroupCombiner a, CoGroupCombiner b) {
    for (int i = 0; i < inputCount; i++) {
      GroupCombiner x = a.groups[i];
      GroupCombiner y = b.groups[i];
      a.groups[i] = x == null ? y : y == null ? x : grouping.merge(x, y);
    }
    return a;
  }

  scala.collection.Iterable<?>[] toUserGroups(CoGroupCombiner c) {
    scala.collection.Iterable<?>[] groups = new scala.collection.Iterable<?>[inputCount];
    for (int i = 0; i < inputCount; i++) {
      GroupCombiner g = c.groups[i];
      groups[i] = g == null ? GroupBuffers.empty()
          : (scala.collection.Iterable<?>) grouping.toUserGroup(g);
    }
    return groups;
  }
}
