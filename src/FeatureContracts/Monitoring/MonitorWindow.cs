using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Monitoring;

/// <summary>
/// Counts what a contract's rows look like: every observation (an offline report) or the last N (a live window, where
/// each eviction subtracts what its observation added). <see cref="Measure"/> gives the measures defined on
/// <see cref="MonitorMeasures"/> and <see cref="FeatureMeasures"/>. Not thread-safe.
/// </summary>
public sealed class MonitorWindow
{

    private static readonly RejectionCode[] Codes = Enum.GetValues<RejectionCode>();

    private readonly FeatureContract _contract;
    private readonly Dictionary<string, int> _featureIndex = new(StringComparer.Ordinal);
    private readonly int? _capacity;
    private readonly Queue<Entry> _entries = new();
    private readonly long[] _rejectionsByCode = new long[Codes.Length];
    private readonly long[] _noValue;
    private readonly long[] _unseen;
    private readonly long[] _outOfRange;
    private readonly LagSet[] _lags;
    private long _requests;
    private long _reached;
    private long _accepted;

    /// <summary>Creates a window over <paramref name="contract"/>'s rows.</summary>
    /// <param name="contract">The contract the observed rows follow.</param>
    /// <param name="capacity">
    /// <see langword="null"/> to keep every observation; N to measure only the last N (a sliding window).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public MonitorWindow(FeatureContract contract, int? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (capacity is { } n)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n, nameof(capacity));
        }

        _contract = contract;
        _capacity = capacity;
        int features = contract.Features.Length;
        for (int i = 0; i < features; i++)
        {
            _featureIndex.Add(contract.Features[i].Name, i);
        }

        _noValue = new long[features];
        _unseen = new long[features];
        _outOfRange = new long[features];
        _lags = new LagSet[features];
        for (int i = 0; i < features; i++)
        {
            _lags[i] = new LagSet(keepSorted: capacity is not null);
        }
    }

    /// <summary>The number of observations measured now (at most the capacity).</summary>
    public long Count => _requests;

    /// <summary>Adds an observation; in a full sliding window, the oldest one leaves.</summary>
    /// <exception cref="ArgumentException">An accepted observation does not have one cell per contract feature.</exception>
    public void Add(RowObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        Entry entry = Summarize(observation);
        Apply(entry, +1);
        if (_capacity is { } capacity)
        {
            _entries.Enqueue(entry);
            if (_entries.Count > capacity)
            {
                Apply(_entries.Dequeue(), -1);
            }
        }
    }

    /// <summary>The measures of the observations in the window.</summary>
    public MonitorMeasures Measure()
    {
        var codes = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        for (int c = 0; c < Codes.Length; c++)
        {
            if (_rejectionsByCode[c] > 0)
            {
                codes.Add(RowCodec.FormatCode(Codes[c]), _rejectionsByCode[c]);
            }
        }

        var features = ImmutableArray.CreateBuilder<FeatureMeasures>(_contract.Features.Length);
        for (int i = 0; i < _contract.Features.Length; i++)
        {
            FeatureDefinition feature = _contract.Features[i];
            features.Add(new FeatureMeasures(
                feature.Name,
                feature.Kind,
                _reached,
                _noValue[i],
                Rate(_noValue[i]),
                _unseen[i],
                Rate(_unseen[i]),
                _outOfRange[i],
                Rate(_outOfRange[i]),
                _lags[i].Summary()));
        }

        return new MonitorMeasures(_requests, _reached, _accepted, codes.ToImmutable(), features.MoveToImmutable());
    }

    private double? Rate(long count) => _reached == 0 ? null : (double)count / _reached;

    private Entry Summarize(RowObservation observation)
    {
        int features = _contract.Features.Length;
        if (observation.IsAccepted)
        {
            if (observation.Cells.Length != features)
            {
                throw new ArgumentException(
                    $"An accepted observation of contract '{_contract.Name}' has one cell per feature ({features}), not {observation.Cells.Length}.",
                    nameof(observation));
            }

            var flags = new byte[features];
            Duration?[]? lags = null;
            for (int i = 0; i < features; i++)
            {
                CellObservation cell = observation.Cells[i];
                flags[i] = (byte)CellHealthRules.Of(cell.Notes);
                if (cell.FreshnessLag is { } lag)
                {
                    (lags ??= new Duration?[features])[i] = lag;
                }
            }

            return new Entry(Reached: true, Accepted: true, CodeMask: 0, flags, lags);
        }

        int mask = 0;
        bool gated = false;
        byte[]? rejected = null;
        foreach (RowRejection rejection in observation.Rejections)
        {
            mask |= 1 << (int)rejection.Code;
            if (rejection.Code is RejectionCode.EntityNotKnown or RejectionCode.OutcomeAlreadyKnown
                || rejection.Feature is null
                || !_featureIndex.TryGetValue(rejection.Feature, out int index))
            {
                gated = true;
                continue;
            }

            (rejected ??= new byte[features])[index] |= (byte)CellHealthRules.Of(rejection.Code);
        }

        return gated
            ? new Entry(Reached: false, Accepted: false, mask, null, null)
            : new Entry(Reached: true, Accepted: false, mask, rejected, null);
    }

    private void Apply(Entry entry, int sign)
    {
        _requests += sign;
        if (entry.Accepted)
        {
            _accepted += sign;
        }

        for (int c = 0; c < Codes.Length; c++)
        {
            if ((entry.CodeMask & (1 << (int)Codes[c])) != 0)
            {
                _rejectionsByCode[c] += sign;
            }
        }

        if (!entry.Reached)
        {
            return;
        }

        _reached += sign;
        if (entry.Flags is { } flags)
        {
            for (int i = 0; i < flags.Length; i++)
            {
                _noValue[i] += ((CellHealth)flags[i] & CellHealth.NoValue) != 0 ? sign : 0;
                _unseen[i] += ((CellHealth)flags[i] & CellHealth.Unseen) != 0 ? sign : 0;
                _outOfRange[i] += ((CellHealth)flags[i] & CellHealth.OutOfRange) != 0 ? sign : 0;
            }
        }

        if (entry.Lags is { } lags)
        {
            for (int i = 0; i < lags.Length; i++)
            {
                if (lags[i] is { } lag)
                {
                    if (sign > 0)
                    {
                        _lags[i].Add(lag);
                    }
                    else
                    {
                        _lags[i].Remove(lag);
                    }
                }
            }
        }
    }

    /// <summary>What one observation added: whether it was reached and accepted, its rejection codes, per-feature flags and lags.</summary>
    private readonly record struct Entry(bool Reached, bool Accepted, int CodeMask, byte[]? Flags, Duration?[]? Lags);

    /// <summary>
    /// A multiset of lags. A sliding window keeps it sorted on every change (a binary search and a shift); a window that
    /// keeps everything appends and sorts when measured.
    /// </summary>
    private sealed class LagSet(bool keepSorted)
    {
        private readonly List<Duration> _items = [];
        private bool _sorted = true;

        public void Add(Duration lag)
        {
            if (_sorted && (_items.Count == 0 || lag >= _items[^1]))
            {
                _items.Add(lag);
            }
            else if (keepSorted)
            {
                int at = _items.BinarySearch(lag);
                _items.Insert(at < 0 ? ~at : at, lag);
            }
            else
            {
                _items.Add(lag);
                _sorted = false;
            }
        }

        public void Remove(Duration lag)
        {
            EnsureSorted();
            int at = _items.BinarySearch(lag);
            _items.RemoveAt(at);
        }

        public FreshnessSummary? Summary()
        {
            int n = _items.Count;
            if (n == 0)
            {
                return null;
            }

            EnsureSorted();

            // Nearest rank, 1-based: ⌈n/2⌉ and ⌈95n/100⌉, in integers so that no rounding moves a rank.
            long p50 = (n + 1L) / 2;
            long p95 = ((95L * n) + 99) / 100;
            return new FreshnessSummary(n, _items[(int)p50 - 1], _items[(int)p95 - 1], _items[n - 1]);
        }

        private void EnsureSorted()
        {
            if (!_sorted)
            {
                _items.Sort();
                _sorted = true;
            }
        }
    }
}
