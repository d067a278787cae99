using System;
using System.Collections.Generic;
using NodaTime;

namespace FeatureContracts.Time;

/// <summary>
/// An immutable index that answers as-of lookups over one key's facts in O(log n), with exactly the result of
/// <see cref="TimeRules.AsOf{T}"/>: among facts recorded at or before T, the greatest <c>occurred_at</c>, then the
/// greater <c>recorded_at</c>, then the later input position.
/// </summary>
/// <remarks>
/// The facts are sorted by <c>recorded_at</c> once; the facts visible at T are then a prefix of that order, and a
/// precomputed running best of each prefix answers the lookup with one binary search. Building costs O(n log n).
/// </remarks>
/// <typeparam name="T">The fact type.</typeparam>
public sealed class AsOfIndex<T>
    where T : class, ITimedFact
{
    private readonly Instant[] _recordedAt;
    private readonly T[] _bestOfPrefix;
    private readonly int _count;

    /// <summary>Indexes <paramref name="facts"/>, given in input order (the order that breaks full ties).</summary>
    public AsOfIndex(IReadOnlyList<T> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        int[] order = new int[facts.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Stable by input position, so equal recorded_at keeps input order.
        Array.Sort(order, (a, b) => facts[a].RecordedAt.CompareTo(facts[b].RecordedAt) is var c && c != 0 ? c : a.CompareTo(b));
        _recordedAt = new Instant[order.Length];
        _bestOfPrefix = new T[order.Length];
        int best = -1;
        for (int i = 0; i < order.Length; i++)
        {
            int candidate = order[i];
            if (best < 0 || TimeRules.CompareAsOf(facts[candidate], candidate, facts[best], best) > 0)
            {
                best = candidate;
            }

            _recordedAt[i] = facts[candidate].RecordedAt;
            _bestOfPrefix[i] = facts[best];
        }

        _count = order.Length;
    }

    /// <summary>
    /// Wraps the first <paramref name="count"/> entries of arrays that an <see cref="AsOfLog{T}"/> owns. Those entries
    /// never change afterwards (the log appends past them or copies before inserting), so the index stays immutable.
    /// </summary>
    internal AsOfIndex(Instant[] recordedAt, T[] bestOfPrefix, int count)
    {
        _recordedAt = recordedAt;
        _bestOfPrefix = bestOfPrefix;
        _count = count;
    }

    /// <summary>The number of facts indexed.</summary>
    public int Count => _count;

    /// <summary>
    /// The as-of fact at <paramref name="predictionInstant"/>, or <see langword="null"/> when none is visible; with a
    /// <paramref name="maxAge"/>, a fact older than T − max age counts as missing.
    /// </summary>
    public T? AsOf(Instant predictionInstant, Duration? maxAge = null)
    {
        // The last position whose recorded_at <= T.
        int low = 0;
        int high = _count - 1;
        int found = -1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            if (_recordedAt[middle] <= predictionInstant)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (found < 0)
        {
            return null;
        }

        T best = _bestOfPrefix[found];
        return maxAge is { } age && !TimeRules.IsWithinMaxAge(best.OccurredAt, predictionInstant, age) ? null : best;
    }
}
