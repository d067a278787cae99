using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace FeatureContracts.Time;

/// <summary>
/// The time semantics every feature obeys, in one place: known-at visibility, as-of lookup with its
/// tie-breaks, inclusive max age and freshness lag. Offline export and online scoring both go through
/// these functions, so they cannot disagree on what was known at an instant.
/// </summary>
public static class TimeRules
{
    /// <summary>
    /// A fact is visible at prediction instant <paramref name="predictionInstant"/> iff it was recorded at or
    /// before it (inclusive). When it happened does not matter: a scan that happened before the instant but
    /// reached us after it is invisible.
    /// </summary>
    public static bool IsVisibleAt(this ITimedFact fact, Instant predictionInstant)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return fact.RecordedAt <= predictionInstant;
    }

    /// <summary>The freshness lag of a value at <paramref name="predictionInstant"/>: T − occurred_at.</summary>
    public static Duration FreshnessLag(Instant occurredAt, Instant predictionInstant) => predictionInstant - occurredAt;

    /// <summary>
    /// Whether a value that occurred at <paramref name="occurredAt"/> is young enough at
    /// <paramref name="predictionInstant"/>: kept iff occurred_at ≥ T − max age (inclusive).
    /// </summary>
    public static bool IsWithinMaxAge(Instant occurredAt, Instant predictionInstant, Duration maxAge)
        => occurredAt >= predictionInstant - maxAge;

    /// <summary>
    /// Compares two candidates of an as-of lookup: greater <c>occurred_at</c> wins, ties go to greater
    /// <c>recorded_at</c>, then to the later position in the input.
    /// </summary>
    /// <returns>A positive number if <paramref name="a"/> is preferred over <paramref name="b"/>.</returns>
    public static int CompareAsOf(ITimedFact a, long positionA, ITimedFact b, long positionB)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int c = a.OccurredAt.CompareTo(b.OccurredAt);
        if (c != 0)
        {
            return c;
        }

        c = a.RecordedAt.CompareTo(b.RecordedAt);
        return c != 0 ? c : positionA.CompareTo(positionB);
    }

    /// <summary>
    /// As-of lookup: among the facts visible at <paramref name="predictionInstant"/>, the one with the greatest
    /// <c>occurred_at</c>; ties broken by greater <c>recorded_at</c>, then by later position in
    /// <paramref name="facts"/>. With a <paramref name="maxAge"/>, a fact older than T − max age counts as
    /// missing: the result is <see langword="null"/>, never a stale value.
    /// </summary>
    /// <param name="facts">The facts of one key (one warehouse, one order), in input order.</param>
    /// <param name="predictionInstant">The prediction instant T.</param>
    /// <param name="maxAge">The optional time-to-live of a value.</param>
    public static T? AsOf<T>(IReadOnlyList<T> facts, Instant predictionInstant, Duration? maxAge = null)
        where T : class, ITimedFact
    {
        ArgumentNullException.ThrowIfNull(facts);
        T? best = null;
        int bestPosition = -1;
        for (int i = 0; i < facts.Count; i++)
        {
            T candidate = facts[i];
            if (!candidate.IsVisibleAt(predictionInstant))
            {
                continue;
            }

            if (best is null || CompareAsOf(candidate, i, best, bestPosition) > 0)
            {
                best = candidate;
                bestPosition = i;
            }
        }

        if (best is not null && maxAge is { } age && !IsWithinMaxAge(best.OccurredAt, predictionInstant, age))
        {
            return null;
        }

        return best;
    }
    /// <summary>
    /// Whether a fact counts in the window (T − <paramref name="window"/>, T] at <paramref name="predictionInstant"/>:
    /// it is visible at T (recorded at or before it) and occurred after T − W and at or before T. The lower bound is
    /// exclusive, the upper inclusive.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not positive.</exception>
    public static bool IsInWindow(this ITimedFact fact, Instant predictionInstant, Duration window)
    {
        ArgumentNullException.ThrowIfNull(fact);
        RequirePositive(window);
        return fact.IsVisibleAt(predictionInstant) && fact.OccurredAt > predictionInstant - window && fact.OccurredAt <= predictionInstant;
    }

    /// <summary>
    /// The windowed aggregate by definition, scanning every fact: among <paramref name="facts"/> (one key's, in input
    /// order), those <see cref="IsInWindow"/>, with <paramref name="value"/> added in <c>occurred_at</c> order (ties in
    /// input order). <see cref="WindowIndex{T}"/> answers the same in O(log n + k).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not positive.</exception>
    public static WindowAggregate Aggregate<T>(IReadOnlyList<T> facts, Instant predictionInstant, Duration window, Func<T, double> value)
        where T : class, ITimedFact
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(value);
        RequirePositive(window);
        var sum = new WindowSum();
        foreach (T fact in InWindowOrder(facts))
        {
            if (fact.IsInWindow(predictionInstant, window))
            {
                sum.Add(value(fact));
            }
        }

        return sum.Result;
    }

    /// <summary>The facts sorted by <c>occurred_at</c>, ties kept in input order: the order window values are added in.</summary>
    internal static T[] InWindowOrder<T>(IReadOnlyList<T> facts)
        where T : class, ITimedFact
        => [.. facts.OrderBy(f => f.OccurredAt)];

    internal static void RequirePositive(Duration window)
    {
        if (window <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "A window must be a positive duration.");
        }
    }
}
