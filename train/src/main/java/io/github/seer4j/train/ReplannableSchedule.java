package io.github.seer4j.train;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link WarmupCosineSchedule} whose length can change while it runs, for runs that re-plan their steps as their
 * rate settles; the learning rate does not jump where it changes. Until the first {@link #replan} it gives exactly
 * the schedule it started from. Re-planned at iteration {@code at}:
 * <ul>
 * <li>in the cosine part, the cosine's progress (0 at its start, 1 at its end) carries on from its value at
 *     {@code at} and now reaches 1 at the new total;</li>
 * <li>in the warm-up, the ramp carries on from the rate at {@code at} and reaches the base rate at the new warm-up's
 *     last iteration; a new warm-up that would already be over keeps the current one (the ramp does not change), so
 *     the rate never jumps to the base rate.</li>
 * </ul>
 */
public final class ReplannableSchedule {

    /** From iteration {@code from} (rate {@code fromLr}): ramp to the base rate until {@code warmupEnd}, then cosine. */
    private record Segment(long from, double fromLr, long warmupEnd, double u0, long total) {

        /** The cosine's progress at {@code it} (past the warm-up), in [u0, 1]. */
        double progress(long it) {
            long start = Math.max(from, warmupEnd);
            long span = total - start;
            if (span <= 0) {
                return u0;
            }
            return u0 + (1 - u0) * Math.min(it - start, span) / (double) span;
        }
    }

    private final WarmupCosineSchedule first;
    private final List<Segment> segments = new ArrayList<>();

    public ReplannableSchedule(WarmupCosineSchedule first) {
        this.first = first;
        segments.add(new Segment(0, first.startWarmup(), first.warmupIters(), 0, first.totalIters()));
    }

    /** The learning rate of iteration {@code it} under the plan in force at that iteration. */
    public double lr(long it) {
        if (segments.size() == 1 || it < segments.get(1).from()) {
            return first.lr(it);
        }
        Segment s = segments.get(0);
        for (Segment c : segments) {
            if (c.from() <= it) {
                s = c;
            }
        }
        if (it < s.warmupEnd()) {
            long last = s.warmupEnd() - 1;
            return last <= s.from() ? s.fromLr()
                    : s.fromLr() + (first.base() - s.fromLr()) * (it - s.from()) / (double) (last - s.from());
        }
        return cosine(s.progress(it));
    }

    private double cosine(double u) {
        return first.end() + 0.5 * (first.base() - first.end()) * (1 + Math.cos(Math.PI * u));
    }

    /** The iterations the run has in all, as planned now. */
    public long total() {
        return current().total();
    }

    /** The first iteration after the warm-up, as planned now. */
    public long warmupEnd() {
        return current().warmupEnd();
    }

    /** How many times the plan changed. */
    public int replans() {
        return segments.size() - 1;
    }

    /**
     * From iteration {@code at} on (no earlier than the last re-plan), the run lasts {@code total} iterations in all
     * and warms up until {@code warmup} (see the class comment for the warm-up that would already be over).
     */
    public void replan(long at, long total, long warmup) {
        Segment c = current();
        if (at < c.from() || total < at || warmup < 0) {
            throw new IllegalArgumentException("need the last re-plan (" + c.from() + ") <= at <= total and warm-up"
                    + " >= 0; got at " + at + ", total " + total + ", warm-up " + warmup);
        }
        double now = lr(at);
        Segment next;
        if (at >= c.warmupEnd()) {
            next = new Segment(at, now, c.warmupEnd(), c.progress(at), total);
        } else {
            long end = Math.min(total, warmup > at ? warmup : c.warmupEnd());
            next = new Segment(at, now, end, 0, total);
        }
        if (at == c.from() && segments.size() > 1) {
            segments.set(segments.size() - 1, next);
        } else {
            segments.add(next);
        }
    }

    private Segment current() {
        return segments.get(segments.size() - 1);
    }
}
