using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;

namespace FeatureContracts.Export.Statistics;

/// <summary>The statistics of one feature: what every kind counts, and the kind's own summary.</summary>
internal abstract class FeatureAccumulator(string name, string kind)
{
    public string Name { get; } = name;

    public string Kind { get; } = kind;

    protected long Count { get; private set; }

    protected long Missing { get; private set; }

    private long Filled { get; set; }

    private long Clamped { get; set; }

    private long BeyondMaxAge { get; set; }

    private long Defaulted { get; set; }

    public static FeatureAccumulator Restore(FeatureStatistics statistics)
    {
        FeatureAccumulator accumulator = statistics.Kind switch
        {
            NumericAccumulator.KindName when statistics is { Numeric: { } numeric, Categorical: null, Boolean: null } => NumericAccumulator.Restore(statistics.Name, numeric),
            CategoricalAccumulator.KindName when statistics is { Categorical: { } categorical, Numeric: null, Boolean: null } => CategoricalAccumulator.Restore(statistics.Name, categorical),
            BooleanAccumulator.KindName when statistics is { Boolean: { } boolean, Numeric: null, Categorical: null } => new BooleanAccumulator(statistics.Name, boolean),
            _ => throw new InvalidDataException($"Feature '{statistics.Name}' of kind '{statistics.Kind}' does not carry exactly the summary of its kind."),
        };

        long[] notes = [statistics.FilledCount, statistics.ClampedCount, statistics.BeyondMaxAgeCount, statistics.DefaultedCount];
        if (string.IsNullOrEmpty(statistics.Name)
            || statistics.MissingCount < 0
            || statistics.MissingCount + accumulator.PresentCount != statistics.Count
            || notes.Any(n => n < 0 || n > statistics.Count))
        {
            throw new InvalidDataException($"The counts of feature '{statistics.Name}' are inconsistent.");
        }

        accumulator.Count = statistics.Count;
        accumulator.Missing = statistics.MissingCount;
        accumulator.Filled = statistics.FilledCount;
        accumulator.Clamped = statistics.ClampedCount;
        accumulator.BeyondMaxAge = statistics.BeyondMaxAgeCount;
        accumulator.Defaulted = statistics.DefaultedCount;
        return accumulator;
    }

    /// <summary>Throws if the cell cannot be counted here; changes nothing.</summary>
    public void Check(FeatureCell cell)
    {
        if (!string.Equals(cell.Feature, Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Expected a value of feature '{Name}', got one of '{cell.Feature}'.", nameof(cell));
        }

        if (!cell.IsMissing)
        {
            CheckValue(cell.Value);
        }
    }

    public void Add(FeatureCell cell)
    {
        Count++;
        CellNotes notes = cell.Notes;
        Filled += notes.HasFlag(CellNotes.Filled) ? 1 : 0;
        Clamped += notes.HasFlag(CellNotes.Clamped) ? 1 : 0;
        BeyondMaxAge += notes.HasFlag(CellNotes.BeyondMaxAge) ? 1 : 0;
        Defaulted += notes.HasFlag(CellNotes.DefaultedByDeclaredAbsence) ? 1 : 0;
        if (cell.IsMissing)
        {
            Missing++;
        }
        else
        {
            AddValue(cell);
        }
    }

    public virtual bool SameShape(FeatureAccumulator other)
        => string.Equals(Name, other.Name, StringComparison.Ordinal) && string.Equals(Kind, other.Kind, StringComparison.Ordinal);

    public void Merge(FeatureAccumulator other)
    {
        Count += other.Count;
        Missing += other.Missing;
        Filled += other.Filled;
        Clamped += other.Clamped;
        BeyondMaxAge += other.BeyondMaxAge;
        Defaulted += other.Defaulted;
        MergeValues(other);
    }

    public FeatureStatistics ToStatistics()
        => new(
            Name,
            Kind,
            Count,
            Missing,
            Count == 0 ? null : (double)Missing / Count,
            Filled,
            Clamped,
            BeyondMaxAge,
            Defaulted,
            Numeric: (this as NumericAccumulator)?.Summary(),
            Categorical: (this as CategoricalAccumulator)?.Summary(),
            Boolean: (this as BooleanAccumulator)?.Summary());

    protected abstract long PresentCount { get; }

    protected abstract void CheckValue(FeatureValue value);

    protected abstract void AddValue(FeatureCell cell);

    protected abstract void MergeValues(FeatureAccumulator other);
}

/// <summary>Exact min, max and sum, and a quantile sketch, of a numeric feature's present values.</summary>
internal sealed class NumericAccumulator(string name) : FeatureAccumulator(name, KindName)
{
    public const string KindName = "numeric";

    private static readonly int[] Percentiles = [1, 5, 25, 50, 75, 95, 99];

    private readonly ExactSum _sum = new();
    private QuantileSketch _sketch = new();
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    protected override long PresentCount => _sketch.Count;

    /// <summary>The sketch of the present values (not a copy).</summary>
    public QuantileSketch Sketch => _sketch;

    public static NumericAccumulator Restore(string name, NumericStatistics numeric)
    {
        var accumulator = new NumericAccumulator(name);
        if (numeric.Sketch is not { } state
            || state.RelativeAccuracy != QuantileSketch.RelativeAccuracy
            || !QuantileSketch.TryRestore(state.ZeroCount, state.Negative, state.Positive, out QuantileSketch sketch)
            || sketch.Count != numeric.Count
            || numeric.Sum is null
            || !ExactSum.TryParse(numeric.Sum, out ExactSum sum))
        {
            throw new InvalidDataException($"The numeric summary of feature '{name}' is inconsistent or its sketch is corrupt.");
        }

        bool empty = numeric.Count == 0;
        if (empty
            ? numeric.Min is not null || numeric.Max is not null || sum.ToScaledInteger() != 0
            : numeric.Min is not { } min || numeric.Max is not { } max || !double.IsFinite(min) || !double.IsFinite(max) || min > max)
        {
            throw new InvalidDataException($"The min, max or sum of feature '{name}' is inconsistent with its count.");
        }

        accumulator._sketch = sketch;
        accumulator._sum.Add(sum);
        accumulator._min = numeric.Min ?? double.PositiveInfinity;
        accumulator._max = numeric.Max ?? double.NegativeInfinity;
        return accumulator;
    }

    public NumericStatistics Summary()
    {
        long n = _sketch.Count;
        var state = new QuantileSketchState(QuantileSketch.RelativeAccuracy, _sketch.ZeroCount, _sketch.NegativeText(), _sketch.PositiveText());
        if (n == 0)
        {
            return new NumericStatistics(0, null, null, null, "0", null, state);
        }

        double[] q = new double[Percentiles.Length];
        for (int i = 0; i < q.Length; i++)
        {
            // The value at rank ⌊q·(n−1)⌋: the extremes are known exactly, the rest come from the sketch.
            long rank = (long)((Int128)Percentiles[i] * (n - 1) / 100);
            q[i] = rank == 0 ? _min : rank == n - 1 ? _max : Math.Clamp(_sketch.ValueAtRank(rank), _min, _max);
        }

        return new NumericStatistics(
            n, _min, _max, _sum.Mean(n), _sum.ToDecimalString(), new QuantileEstimates(q[0], q[1], q[2], q[3], q[4], q[5], q[6]), state);
    }

    protected override void CheckValue(FeatureValue value)
    {
        if (value.Number is not { } x || !double.IsFinite(x))
        {
            throw new ArgumentException($"Feature '{Name}' expects a finite number, got {value}.");
        }
    }

    protected override void AddValue(FeatureCell cell)
    {
        double x = cell.Value.Number!.Value;
        _min = Math.Min(_min, x);
        _max = Math.Max(_max, x);
        _sum.Add(x);
        _sketch.Add(x);
    }

    protected override void MergeValues(FeatureAccumulator other)
    {
        var numeric = (NumericAccumulator)other;
        _min = Math.Min(_min, numeric._min);
        _max = Math.Max(_max, numeric._max);
        _sum.Add(numeric._sum);
        _sketch.Merge(numeric._sketch);
    }
}

/// <summary>Counts per code (vocabulary order, then the unseen bucket) of a categorical feature.</summary>
internal sealed class CategoricalAccumulator : FeatureAccumulator
{
    public const string KindName = "categorical";

    private readonly ImmutableArray<string> _codes;
    private readonly Dictionary<string, int> _slots;
    private readonly long[] _counts;
    private readonly string? _bucket;
    private long _unseenMapped;

    public CategoricalAccumulator(string name, string? bucket, ImmutableArray<string> codes)
        : base(name, KindName)
    {
        _codes = codes;
        _bucket = bucket;
        _counts = new long[codes.Length];
        _slots = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < codes.Length; i++)
        {
            if (codes[i] is null || !_slots.TryAdd(codes[i], i))
            {
                throw new InvalidDataException($"Feature '{name}' lists category '{codes[i]}' twice or a null category.");
            }
        }

        if (bucket is not null && (codes.IsEmpty || !string.Equals(codes[^1], bucket, StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"The unseen bucket '{bucket}' of feature '{name}' is not its last category.");
        }
    }

    protected override long PresentCount => _counts.Sum();

    public static CategoricalAccumulator Restore(string name, CategoricalStatistics categorical)
    {
        if (categorical.Counts.IsDefault || categorical.Counts.Any(c => c is null || c.Count < 0) || categorical.UnseenMapped < 0)
        {
            throw new InvalidDataException($"The category counts of feature '{name}' are missing or negative.");
        }

        var accumulator = new CategoricalAccumulator(name, categorical.UnseenBucket, [.. categorical.Counts.Select(c => c.Code)]);
        for (int i = 0; i < categorical.Counts.Length; i++)
        {
            accumulator._counts[i] = categorical.Counts[i].Count;
        }

        long inBucket = categorical.UnseenBucket is null ? 0 : accumulator._counts[^1];
        if (categorical.UnseenMapped > inBucket)
        {
            throw new InvalidDataException($"Feature '{name}' counts {categorical.UnseenMapped} unseen codes but {inBucket} values in its bucket.");
        }

        accumulator._unseenMapped = categorical.UnseenMapped;
        return accumulator;
    }

    public CategoricalStatistics Summary()
        => new([.. _codes.Select((code, i) => new CategoryCount(code, _counts[i]))], _bucket, _unseenMapped);

    public override bool SameShape(FeatureAccumulator other)
        => base.SameShape(other)
            && other is CategoricalAccumulator categorical
            && string.Equals(_bucket, categorical._bucket, StringComparison.Ordinal)
            && _codes.SequenceEqual(categorical._codes, StringComparer.Ordinal);

    protected override void CheckValue(FeatureValue value)
    {
        if (value.Category is not { } code || !_slots.ContainsKey(code))
        {
            throw new ArgumentException($"Feature '{Name}' expects one of its {_codes.Length} categories, got {value}.");
        }
    }

    protected override void AddValue(FeatureCell cell)
    {
        _counts[_slots[cell.Value.Category!]]++;
        _unseenMapped += cell.Notes.HasFlag(CellNotes.UnseenMapped) ? 1 : 0;
    }

    protected override void MergeValues(FeatureAccumulator other)
    {
        var categorical = (CategoricalAccumulator)other;
        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] += categorical._counts[i];
        }

        _unseenMapped += categorical._unseenMapped;
    }
}

/// <summary>True and false counts of a boolean feature.</summary>
internal sealed class BooleanAccumulator : FeatureAccumulator
{
    public const string KindName = "boolean";

    private long _true;
    private long _false;

    public BooleanAccumulator(string name)
        : base(name, KindName)
    {
    }

    public BooleanAccumulator(string name, BooleanStatistics boolean)
        : this(name)
    {
        if (boolean.TrueCount < 0 || boolean.FalseCount < 0)
        {
            throw new InvalidDataException($"The counts of feature '{name}' are negative.");
        }

        _true = boolean.TrueCount;
        _false = boolean.FalseCount;
    }

    protected override long PresentCount => _true + _false;

    public BooleanStatistics Summary() => new(_true, _false);

    protected override void CheckValue(FeatureValue value)
    {
        if (value.Boolean is null)
        {
            throw new ArgumentException($"Feature '{Name}' expects a boolean, got {value}.");
        }
    }

    protected override void AddValue(FeatureCell cell)
    {
        if (cell.Value.Boolean!.Value)
        {
            _true++;
        }
        else
        {
            _false++;
        }
    }

    protected override void MergeValues(FeatureAccumulator other)
    {
        var boolean = (BooleanAccumulator)other;
        _true += boolean._true;
        _false += boolean._false;
    }
}
