package io.querylens.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One figure of one configuration over the alternating rounds of a run: a value per round (the mean when a
 * round produced several, e.g. several JMH forks), summarized by the median and the min–max spread.
 *
 * <p>{@link #minus(Series)} pairs rounds: configurations run one after the other inside a round, so the
 * difference within a round cancels drift of the machine between rounds better than a difference of medians.
 */
public final class Series {
    /**
     * Rounds in run order: by the number in their name ({@code r2} before {@code r10}, {@code p2} before
     * {@code p10}), then by name, so that distinct rounds never compare equal.
     */
    public static final Comparator<String> ROUND_ORDER =
            Comparator.comparingLong(Series::roundNumber).thenComparing(Comparator.naturalOrder());

    private final Map<String, double[]> sums = new TreeMap<>(ROUND_ORDER); // round -> {sum, count}

    /** Adds one observation of {@code round}. */
    public Series add(String round, double value) {
        double[] sum = sums.computeIfAbsent(round, r -> new double[2]);
        sum[0] += value;
        sum[1]++;
        return this;
    }

    public boolean isEmpty() {
        return sums.isEmpty();
    }

    public int size() {
        return sums.size();
    }

    /** The value of each round, ordered by round. */
    public Map<String, Double> byRound() {
        Map<String, Double> values = new TreeMap<>(ROUND_ORDER);
        sums.forEach((round, sum) -> values.put(round, sum[0] / sum[1]));
        return values;
    }

    /** Per round, this value minus {@code baseline}'s, for the rounds both have. */
    public Series minus(Series baseline) {
        Series diff = new Series();
        Map<String, Double> base = baseline.byRound();
        byRound().forEach((round, value) -> {
            Double b = base.get(round);
            if (b != null) {
                diff.add(round, value - b);
            }
        });
        return diff;
    }

    /** The median of the round values; NaN when empty. */
    public double median() {
        List<Double> v = sorted();
        if (v.isEmpty()) {
            return Double.NaN;
        }
        int mid = v.size() / 2;
        return v.size() % 2 == 1 ? v.get(mid) : (v.get(mid - 1) + v.get(mid)) / 2;
    }

    public double min() {
        List<Double> v = sorted();
        return v.isEmpty() ? Double.NaN : v.get(0);
    }

    public double max() {
        List<Double> v = sorted();
        return v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
    }

    private List<Double> sorted() {
        List<Double> v = new ArrayList<>(byRound().values());
        Collections.sort(v);
        return v;
    }

    /** The digits in {@code round} as a number, or {@link Long#MAX_VALUE} when it has none. */
    private static long roundNumber(String round) {
        String digits = round.replaceAll("\\D", "");
        return digits.isEmpty() || digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
