using System;
using NodaTime;

namespace FeatureContracts.Time;

/// <summary>
/// An as-of index that grows as facts arrive: each appended fact takes the next input position (arrival order breaks
/// full ties), and <see cref="Snapshot"/> returns an immutable <see cref="AsOfIndex{T}"/> in O(1) whose answers are
/// exactly those of <see cref="TimeRules.AsOf{T}"/> over the facts appended so far, in arrival order.
/// </summary>
/// <remarks>
/// <para>Facts are kept sorted by (<c>recorded_at</c>, arrival position) with the running best of every prefix. Facts
/// normally arrive in <c>recorded_at</c> order (recorded_at is when our systems knew them); such an append extends
/// the arrays and the running best in O(1) amortized. A fact recorded earlier than the latest one (late, out of order)
/// is inserted at its place and the running best recomputed from there: O(n).</para>
/// <para>Snapshots share the log's arrays but only ever read entries that no later append changes: an append writes
/// past every snapshot's end, and an insertion works on fresh copies once a snapshot has been taken. Not thread-safe
/// for writers: one writer at a time (for example under a lock); snapshots, once published, are immutable and safe
/// to read from any thread.</para>
/// </remarks>
/// <typeparam name="T">The fact type.</typeparam>
public sealed class AsOfLog<T>
    where T : class, ITimedFact
{
    private Instant[] _recordedAt;
    private T[] _facts;
    private long[] _positions;
    private T[] _bestOfPrefix;
    private long[] _bestPositionOfPrefix;
    private int _count;
    private long _appended;
    private bool _shared;

    /// <summary>Creates an empty log.</summary>
    public AsOfLog()
    {
        _recordedAt = [];
        _facts = [];
        _positions = [];
        _bestOfPrefix = [];
        _bestPositionOfPrefix = [];
    }

    /// <summary>The number of facts appended.</summary>
    public int Count => _count;

    /// <summary>Appends <paramref name="fact"/> at the next input position.</summary>
    public void Append(T fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        long position = _appended++;

        // Sorted by (recorded_at, position) and the new position is the greatest: the place is after every fact
        // recorded at or before this one.
        int place = UpperBound(fact.RecordedAt);
        if (place == _count)
        {
            EnsureCapacity(_count + 1, copy: false);
        }
        else
        {
            EnsureCapacity(_count + 1, copy: _shared);
            int tail = _count - place;
            Array.Copy(_recordedAt, place, _recordedAt, place + 1, tail);
            Array.Copy(_facts, place, _facts, place + 1, tail);
            Array.Copy(_positions, place, _positions, place + 1, tail);
        }

        _recordedAt[place] = fact.RecordedAt;
        _facts[place] = fact;
        _positions[place] = position;
        _count++;
        for (int i = place; i < _count; i++)
        {
            if (i > 0 && TimeRules.CompareAsOf(_bestOfPrefix[i - 1], _bestPositionOfPrefix[i - 1], _facts[i], _positions[i]) > 0)
            {
                _bestOfPrefix[i] = _bestOfPrefix[i - 1];
                _bestPositionOfPrefix[i] = _bestPositionOfPrefix[i - 1];
            }
            else
            {
                _bestOfPrefix[i] = _facts[i];
                _bestPositionOfPrefix[i] = _positions[i];
            }
        }
    }

    /// <summary>An immutable index of the facts appended so far, in O(1).</summary>
    public AsOfIndex<T> Snapshot()
    {
        _shared = true;
        return new AsOfIndex<T>(_recordedAt, _bestOfPrefix, _count);
    }

    /// <summary>
    /// The as-of fact at <paramref name="predictionInstant"/> among the facts appended so far, or
    /// <see langword="null"/>; with a <paramref name="maxAge"/>, a fact older than T − max age counts as missing.
    /// </summary>
    public T? AsOf(Instant predictionInstant, Duration? maxAge = null)
        => new AsOfIndex<T>(_recordedAt, _bestOfPrefix, _count).AsOf(predictionInstant, maxAge);

    private int UpperBound(Instant recordedAt)
    {
        int low = 0;
        int high = _count;
        while (low < high)
        {
            int middle = low + ((high - low) >> 1);
            if (_recordedAt[middle] <= recordedAt)
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

    private void EnsureCapacity(int needed, bool copy)
    {
        if (needed <= _recordedAt.Length && !copy)
        {
            return;
        }

        int capacity = Math.Max(needed, _recordedAt.Length);
        if (needed > _recordedAt.Length)
        {
            capacity = Math.Max(4, _recordedAt.Length * 2);
            capacity = Math.Max(capacity, needed);
        }

        _recordedAt = Grow(_recordedAt, capacity);
        _facts = Grow(_facts, capacity);
        _positions = Grow(_positions, capacity);
        _bestOfPrefix = Grow(_bestOfPrefix, capacity);
        _bestPositionOfPrefix = Grow(_bestPositionOfPrefix, capacity);
        _shared = false;
    }

    private TItem[] Grow<TItem>(TItem[] source, int capacity)
    {
        var grown = new TItem[capacity];
        Array.Copy(source, grown, _count);
        return grown;
    }
}
