package io.spillway.runtime.skew;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Adds up the map tasks' {@link MapTaskKeySketch}es per shuffle on the driver and builds the shuffle's
 * {@link ShuffleSkewReport} once every map partition has reported (or when asked to flush, e.g. when
 * the map stage ends without all of them).
 *
 * <p>Merging: a key's records are the sum of its counts over the tasks that tracked it; for a task that
 * did not, its true count there is at most that task's {@code untrackedBound}, which goes into the
 * key's error bound. Each partition counts once: a retried or speculative task's second sketch is
 * ignored. Memory is bounded: a shuffle keeps at most {@code 32 × capacity} candidate keys and, past
 * that, drops the lightest half (a dropped key was lighter than half of the candidates seen so far).
 *
 * <p>Thread-safe: executors' messages arrive on the plugin's RPC thread while the listener flushes.
 */
public final class ShuffleSkewCollector {

  private final Settings settings;
  private final IntFunction<ShuffleOrigin> origins;
  private final Map<Integer, Accumulator> open = new HashMap<>();

  /**
   * @param settings what to report and what is hot
   * @param origins what each shuffle is for ({@link ShuffleOrigins#of} in production)
   */
  public ShuffleSkewCollector(Settings settings, IntFunction<ShuffleOrigin> origins) {
    this.settings = settings;
    this.origins = origins;
  }

  /**
   * Adds one map task's sketch.
   *
   * @return the shuffle's report if this was the last map partition to report
   */
  public synchronized Optional<ShuffleSkewReport> add(MapTaskKeySketch sketch) {
    Accumulator acc = open.computeIfAbsent(sketch.shuffleId(), id -> new Accumulator(sketch));
    if (!acc.add(sketch, settings.candidateLimit())) {
      return Optional.empty();
    }
    if (acc.mapsReported.size() < acc.numMaps) {
      return Optional.empty();
    }
    open.remove(sketch.shuffleId());
    return Optional.of(report(sketch.shuffleId(), acc));
  }

  /** The report of a shuffle some of whose map tasks have not reported, if any did. */
  public synchronized Optional<ShuffleSkewReport> flush(int shuffleId) {
    Accumulator acc = open.remove(shuffleId);
    return acc == null ? Optional.empty() : Optional.of(report(shuffleId, acc));
  }

  /** Reports of every shuffle still open (at shutdown). */
  public synchronized List<ShuffleSkewReport> flushAll() {
    List<ShuffleSkewReport> out = new ArrayList<>();
    for (Integer id : List.copyOf(open.keySet())) {
      flush(id).ifPresent(out::add);
    }
    return out;
  }

  /** Shuffles with sketches but no report yet. */
  public synchronized Set<Integer> openShuffles() {
    return Set.copyOf(open.keySet());
  }

  private ShuffleSkewReport report(int shuffleId, Accumulator acc) {
    ShuffleOrigin origin = origins.apply(shuffleId);
    double avgPartitionBytes = (double) acc.bytes / Math.max(1, acc.numReducePartitions);
    double avgPartitionRecords = (double) acc.records / Math.max(1, acc.numReducePartitions);
    List<ReportedKey> top = acc.keys.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<SketchedKey.Id, MergedKey> e) -> e.getValue().records).reversed())
        .limit(settings.topKeys())
        .map(e -> {
          MergedKey k = e.getValue();
          double recordsShare = acc.records == 0 ? 0 : (double) k.records / acc.records;
          double bytesShare = acc.bytes == 0 ? 0 : (double) k.bytes / acc.bytes;
          double load = acc.bytes > 0 ? k.bytes / avgPartitionBytes : k.records / Math.max(1e-9, avgPartitionRecords);
          boolean hot = acc.numReducePartitions > 1
              && Math.max(recordsShare, bytesShare) >= settings.minHotShare()
              && load >= settings.hotPartitionLoad();
          long errorBound = k.errorRecords + (acc.untrackedBoundSum - k.untrackedBoundOfReporters);
          return new ReportedKey(e.getKey().rendered(), e.getKey().reducePartition(), k.records, errorBound,
              recordsShare, k.bytes, bytesShare, load, hot);
        })
        .toList();
    boolean anyHot = top.stream().anyMatch(ReportedKey::hot);
    return new ShuffleSkewReport(shuffleId, origin.kind().label(), origin.callSite(), acc.keyKind, acc.numMaps,
        acc.mapsReported.size(), acc.numReducePartitions, acc.records, acc.bytes, top,
        anyHot ? origin.kind().remedy() : "");
  }

  /**
   * @param topKeys keys per report
   * @param minHotShare least share of the shuffle's records or bytes a hot key carries
   * @param hotPartitionLoad least multiple of an average reduce partition a hot key carries
   * @param sketchCapacity the map tasks' sketch capacity (bounds the driver's candidates)
   */
  public record Settings(int topKeys, double minHotShare, double hotPartitionLoad, int sketchCapacity) {
    int candidateLimit() {
      return Math.max(64, 32 * sketchCapacity);
    }
  }

  private static final class Accumulator {
    final int numMaps;
    final int numReducePartitions;
    final String keyKind;
    final Set<Integer> mapsReported = new HashSet<>();
    final Map<SketchedKey.Id, MergedKey> keys = new HashMap<>();
    long records;
    long bytes;
    long untrackedBoundSum;

    Accumulator(MapTaskKeySketch first) {
      this.numMaps = first.numMaps();
      this.numReducePartitions = first.numReducePartitions();
      this.keyKind = first.keyKind();
    }

    /** @return false if this partition had already reported */
    boolean add(MapTaskKeySketch s, int candidateLimit) {
      if (!mapsReported.add(s.mapIndex())) {
        return false;
      }
      records += s.records();
      bytes += s.bytes();
      untrackedBoundSum += s.untrackedBound();
      for (SketchedKey k : s.keys()) {
        MergedKey m = keys.computeIfAbsent(k.id(), id -> new MergedKey());
        m.records += k.records();
        m.errorRecords += k.errorRecords();
        m.bytes += k.bytes();
        m.untrackedBoundOfReporters += s.untrackedBound();
      }
      if (keys.size() > candidateLimit) {
        List<SketchedKey.Id> lightest = keys.entrySet().stream()
            .sorted(Comparator.comparingLong(e -> e.getValue().records))
            .limit(keys.size() - candidateLimit / 2)
            .map(Map.Entry::getKey)
            .toList();
        lightest.forEach(keys::remove);
      }
      return true;
    }
  }

  private static final class MergedKey {
    long records;
    long errorRecords;
    long bytes;
    long untrackedBoundOfReporters;
  }
}
