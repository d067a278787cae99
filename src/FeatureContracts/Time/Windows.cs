using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace FeatureContracts.Time;

/// <summary>
/// An aggregate over the facts of a window (T − W, T] that are visible at T: how many, and the sum, mean, least
/// and greatest of their values. Values are added in <c>occurred_at</c> order, ties in input order, so every way of
/// computing it gives the same bits.
/// </summary>
/// <param name="Count">How many facts fall in the window.</param>
/// <param name="Sum">The sum of their values; 0 for an empty window.</param>
/// <param name="Min">The least value, or <see langword="null"/> for an empty window.</param>
/// <param name="Max">The greatest value, or <see langword="null"/> for an empty window.</param>
public readonly record struct WindowAggregate(long Count, double Sum, double? Min, double? Max)
{
    /// <summary>The mean value, or <see langword="null"/> for an empty window (never a made-up 0).</summary>
    public double? Mean => Count == 0 ? null : Sum / Count;
}

/// <summary>
/// Answers windowed aggregates over one key's facts: among the facts recorded at or before T, those that occurred in
/// (T − W, T]. An event at exactly T − W is out, one at T is in, one recorded after T is out however early it
/// occurred. The answers are exactly those of <see cref="TimeRules.Aggregate{T}"/>; a lookup costs O(log n) plus the
/// facts that occurred in the window. Immutable and safe to share between threads.
/// </summary>
/// <typeparam name="T">The fact type.</typeparam>
public sealed class WindowIndex<T>
    where T : class, ITimedFact
{
    private readonly T[] _byOccurrence;
    private readonly Instant[] _occurredAt;
    private readonly bool _anyRecordedLate;

    /// <summary>Indexes <paramref name="facts"/>, given in input order (the order that breaks ties).</summary>
    public WindowIndex(IReadOnlyList<T> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        _byOccurrence = TimeRules.InWindowOrder(facts);
        _occurredAt = new Instant[_byOccurrence.Length];
        for (int i = 0; i < _byOccurrence.Length; i++)
        {
            _occurredAt[i] = _byOccurrence[i].OccurredAt;
            _anyRecordedLate |= _byOccurrence[i].RecordedAt != _byOccurrence[i].OccurredAt;
        }
    }

    /// <summary>The number of facts indexed.</summary>
    public int Count => _byOccurrence.Length;

    /// <summary>How many facts visible at <paramref name="predictionInstant"/> occurred in (T − <paramref name="window"/>, T].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not positive.</exception>
    public long CountIn(Instant predictionInstant, Duration window)
    {
        (int from, int to) = Range(predictionInstant, window);
        if (!_anyRecordedLate)
        {
            return to - from;
        }

        long count = 0;
        for (int i = from; i < to; i++)
        {
            if (_byOccurrence[i].RecordedAt <= predictionInstant)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The aggregate of <paramref name="value"/> over the facts visible at T that occurred in (T − W, T].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not positive.</exception>
    public WindowAggregate Aggregate(Instant predictionInstant, Duration window, Func<T, double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        (int from, int to) = Range(predictionInstant, window);
        var sum = new WindowSum();
        for (int i = from; i < to; i++)
        {
            T fact = _byOccurrence[i];
            if (fact.RecordedAt <= predictionInstant)
            {
                sum.Add(value(fact));
            }
        }

        return sum.Result;
    }

    private (int From, int To) Range(Instant t, Duration window)
    {
        TimeRules.RequirePositive(window);
        return (UpperBound(t - window), UpperBound(t));
    }

    // The first position whose occurred_at is after the instant.
    private int UpperBound(Instant instant)
    {
        int low = 0;
        int high = _occurredAt.Length;
        while (low < high)
        {
            int middle = low + ((high - low) >> 1);
            if (_occurredAt[middle] <= instant)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

/// <summary>Adds values up into a <see cref="WindowAggregate"/>, in the order given.</summary>
internal struct WindowSum
{
    private long _count;
    private double _sum;
    private double _min;
    private double _max;

    public readonly WindowAggregate Result => _count == 0 ? new WindowAggregate(0, 0, null, null) : new WindowAggregate(_count, _sum, _min, _max);

    public void Add(double value)
    {
        if (_count == 0)
        {
            _min = value;
            _max = value;
        }
        else
        {
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
        }

        _sum += value;
        _count++;
    }
}
