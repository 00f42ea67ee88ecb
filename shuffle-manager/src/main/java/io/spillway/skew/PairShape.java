package io.spillway.skew;

import java.io.Serializable;
import scala.Option;
import scala.Some;
import scala.Tuple2;

/**
 * How one join type shapes its output value, as {@code PairRDDFunctions} does: {@code (v, w)} for a match,
 * {@code (v, None)} / {@code (None, w)} for an unmatched row of a side the type keeps. A matched value is
 * {@code Some(value)} even when the value is null, exactly as in Spark ({@code Option.apply} would turn it into
 * {@code None}).
 */
interface PairShape<V, W, R> extends Serializable {

  R matched(V v, W w);

  R leftOnly(V v);

  R rightOnly(W w);

  static <V, W> PairShape<V, W, Tuple2<V, W>> inner() {
    return new PairShape<>() {
      @Override
      public Tuple2<V, W> matched(V v, W w) {
        return new Tuple2<>(v, w);
      }

      @Override
      public Tuple2<V, W> leftOnly(V v) {
        throw new IllegalStateException("an inner join has no unmatched rows");
      }

      @Override
      public Tuple2<V, W> rightOnly(W w) {
        throw new IllegalStateException("an inner join has no unmatched rows");
      }
    };
  }

  static <V, W> PairShape<V, W, Tuple2<V, Option<W>>> leftOuter() {
    return new PairShape<>() {
      @Override
      public Tuple2<V, Option<W>> matched(V v, W w) {
        return new Tuple2<>(v, new Some<>(w));
      }

      @Override
      public Tuple2<V, Option<W>> leftOnly(V v) {
        return new Tuple2<>(v, Option.empty());
      }

      @Override
      public Tuple2<V, Option<W>> rightOnly(W w) {
        throw new IllegalStateException("a left outer join drops unmatched right rows");
      }
    };
  }

  static <V, W> PairShape<V, W, Tuple2<Option<V>, W>> rightOuter() {
    return new PairShape<>() {
      @Override
      public Tuple2<Option<V>, W> matched(V v, W w) {
        return new Tuple2<>(new Some<>(v), w);
      }

      @Override
      public Tuple2<Option<V>, W> leftOnly(V v) {
        throw new IllegalStateException("a right outer join drops unmatched left rows");
      }

      @Override
      public Tuple2<Option<V>, W> rightOnly(W w) {
        return new Tuple2<>(Option.empty(), w);
      }
    };
  }

  static <V, W> PairShape<V, W, Tuple2<Option<V>, Option<W>>> fullOuter() {
    return new PairShape<>() {
      @Override
      public Tuple2<Option<V>, Option<W>> matched(V v, W w) {
        return new Tuple2<>(new Some<>(v), new Some<>(w));
      }

      @Override
      public Tuple2<Option<V>, Option<W>> leftOnly(V v) {
        return new Tuple2<>(new Some<>(v), Option.empty());
      }

      @Override
      public Tuple2<Option<V>, Option<W>> rightOnly(W w) {
        return new Tuple2<>(Option.empty(), new Some<>(w));
      }
    };
  }
}
