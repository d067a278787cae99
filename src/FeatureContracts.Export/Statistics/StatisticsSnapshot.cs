using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureContracts.Export.Statistics;

/// <summary>
/// The statistics of a set of exported rows: per-feature statistics in contract order and the label counts.
/// Immutable. It holds everything needed to merge (exact sums, quantile sketches), so the snapshots of N shards
/// merge into exactly the snapshot of the whole, whatever the grouping; serialized with <see cref="ToJson"/> it is
/// byte-identical too. Property names are fixed snake_case whatever the serializer's naming policy.
/// </summary>
/// <param name="Rows">The number of rows.</param>
/// <param name="Features">One entry per feature, in contract order.</param>
/// <param name="Labels">The label counts.</param>
public sealed record StatisticsSnapshot(
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("features")] ImmutableArray<FeatureStatistics> Features,
    [property: JsonPropertyName("labels")] LabelCounts Labels)
{
    private static readonly JsonSerializerOptions Compact = CreateOptions(indented: false);
    private static readonly JsonSerializerOptions Indented = CreateOptions(indented: true);

    /// <summary>
    /// Merges two snapshots of rows of the same contract into the snapshot of all their rows; neither changes. The
    /// merge is exact, commutative and associative.
    /// </summary>
    /// <exception cref="ArgumentException">The snapshots describe different features, kinds or vocabularies.</exception>
    /// <exception cref="InvalidDataException">A snapshot is internally inconsistent (e.g. a corrupt sketch).</exception>
    public StatisticsSnapshot Merge(StatisticsSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ExportStatistics merged = ExportStatistics.FromSnapshot(this);
        merged.Merge(ExportStatistics.FromSnapshot(other));
        return merged.Snapshot();
    }

    /// <summary>The snapshot as JSON (UTF-16 text; invariant numbers; <c>\n</c> line ends when indented).</summary>
    /// <param name="indented">Whether to indent.</param>
    public string ToJson(bool indented = false)
        => JsonSerializer.Serialize(this, indented ? Indented : Compact).ReplaceLineEndings("\n");

    /// <summary>Reads a snapshot written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a statistics snapshot.</exception>
    public static StatisticsSnapshot FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        StatisticsSnapshot? snapshot;
        try
        {
            snapshot = JsonSerializer.Deserialize<StatisticsSnapshot>(json, Compact);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Not a statistics snapshot: {e.Message}", e);
        }

        if (snapshot is null)
        {
            throw new InvalidDataException("Not a statistics snapshot: null.");
        }

        ExportStatistics.FromSnapshot(snapshot);
        return snapshot;
    }

    /// <summary>Equality by value, the features compared element by element.</summary>
    public bool Equals(StatisticsSnapshot? other)
        => other is not null
            && Rows == other.Rows
            && Labels == other.Labels
            && Features.IsDefault == other.Features.IsDefault
            && (Features.IsDefault || Features.SequenceEqual(other.Features));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Rows, Labels, Features.IsDefault ? 0 : Features.Length);

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>The statistics of one feature over a set of rows.</summary>
/// <param name="Name">The feature's name.</param>
/// <param name="Kind"><c>numeric</c>, <c>categorical</c> or <c>boolean</c>.</param>
/// <param name="Count">Rows seen.</param>
/// <param name="MissingCount">Rows where the value was missing (null in the file).</param>
/// <param name="NullRate"><see cref="MissingCount"/> / <see cref="Count"/>; <see langword="null"/> without rows.</param>
/// <param name="FilledCount">Rows where no value was known and the declared fill value was used.</param>
/// <param name="ClampedCount">Rows where the value was clamped into the allowed range.</param>
/// <param name="BeyondMaxAgeCount">Rows where a value existed but was older than the max age.</param>
/// <param name="DefaultedCount">Rows where the source's declared meaning of an absent field was used.</param>
/// <param name="Numeric">The numeric summary, for a numeric feature.</param>
/// <param name="Categorical">The category counts, for a categorical feature.</param>
/// <param name="Boolean">The true/false counts, for a boolean feature.</param>
public sealed record FeatureStatistics(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("missing_count")] long MissingCount,
    [property: JsonPropertyName("null_rate")] double? NullRate,
    [property: JsonPropertyName("filled_count")] long FilledCount,
    [property: JsonPropertyName("clamped_count")] long ClampedCount,
    [property: JsonPropertyName("beyond_max_age_count")] long BeyondMaxAgeCount,
    [property: JsonPropertyName("defaulted_count")] long DefaultedCount,
    [property: JsonPropertyName("numeric"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NumericStatistics? Numeric = null,
    [property: JsonPropertyName("categorical"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CategoricalStatistics? Categorical = null,
    [property: JsonPropertyName("boolean"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BooleanStatistics? Boolean = null);

/// <summary>
/// The summary of a numeric feature's present values. <see cref="Min"/>, <see cref="Max"/> and <see cref="Mean"/>
/// are exact (the mean is the exact sum divided by the count, correctly rounded); the quantiles come from a mergeable
/// sketch, written beside them (as <c>sketch</c>) so that snapshots merge exactly, but not part of the API.
/// </summary>
public sealed record NumericStatistics
{
    [JsonConstructor]
    internal NumericStatistics(long count, double? min, double? max, double? mean, string sum, QuantileEstimates? quantiles, QuantileSketchState sketch)
    {
        Count = count;
        Min = min;
        Max = max;
        Mean = mean;
        Sum = sum;
        Quantiles = quantiles;
        Sketch = sketch;
    }

    /// <summary>Present values.</summary>
    [JsonPropertyName("count")]
    public long Count { get; init; }

    /// <summary>The smallest value; <see langword="null"/> without values.</summary>
    [JsonPropertyName("min")]
    public double? Min { get; init; }

    /// <summary>The largest value; <see langword="null"/> without values.</summary>
    [JsonPropertyName("max")]
    public double? Max { get; init; }

    /// <summary>The mean; <see langword="null"/> without values.</summary>
    [JsonPropertyName("mean")]
    public double? Mean { get; init; }

    /// <summary>The exact sum in canonical decimal notation (every sum of doubles has a finite expansion).</summary>
    [JsonPropertyName("sum")]
    public string Sum { get; init; }

    /// <summary>The quantile estimates; <see langword="null"/> without values.</summary>
    [JsonPropertyName("quantiles")]
    public QuantileEstimates? Quantiles { get; init; }

    /// <summary>The mergeable sketch the quantiles come from.</summary>
    [JsonInclude]
    [JsonPropertyName("sketch")]
    internal QuantileSketchState Sketch { get; init; }
}

/// <summary>
/// Quantile estimates: the value at 0-based rank ⌊q·(n−1)⌋ of the sorted present values, estimated within a relative
/// error of <see cref="ExportStatistics.QuantileRelativeAccuracy"/> and clamped to [min, max].
/// </summary>
/// <param name="P01">The 1st percentile.</param>
/// <param name="P05">The 5th percentile.</param>
/// <param name="P25">The 25th percentile.</param>
/// <param name="P50">The median.</param>
/// <param name="P75">The 75th percentile.</param>
/// <param name="P95">The 95th percentile.</param>
/// <param name="P99">The 99th percentile.</param>
public sealed record QuantileEstimates(
    [property: JsonPropertyName("p01")] double P01,
    [property: JsonPropertyName("p05")] double P05,
    [property: JsonPropertyName("p25")] double P25,
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p75")] double P75,
    [property: JsonPropertyName("p95")] double P95,
    [property: JsonPropertyName("p99")] double P99);

/// <summary>
/// The state of a log-bucket quantile sketch (DDSketch-style). Each binary octave is cut into 64 equal buckets by the
/// top 6 significand bits; a bucket's index is <c>biased IEEE-754 exponent × 64 + those bits</c>, and its
/// representative is its midpoint, within 1/128 of any value in it. A store is written as space-separated
/// <c>index:count</c> pairs in ascending index order; the negative store is indexed by magnitude.
/// </summary>
/// <param name="RelativeAccuracy">The largest relative error of an estimate (1/128).</param>
/// <param name="ZeroCount">Values that were zero (or subnormal).</param>
/// <param name="Negative">The negative values' buckets.</param>
/// <param name="Positive">The positive values' buckets.</param>
internal sealed record QuantileSketchState(
    [property: JsonPropertyName("relative_accuracy")] double RelativeAccuracy,
    [property: JsonPropertyName("zero_count")] long ZeroCount,
    [property: JsonPropertyName("negative")] string Negative,
    [property: JsonPropertyName("positive")] string Positive);

/// <summary>
/// The counts of a categorical feature's present values, one per vocabulary code in vocabulary order, then the
/// unseen bucket (when the contract maps unseen codes to one).
/// </summary>
/// <param name="Counts">The counts, zero counts included.</param>
/// <param name="UnseenBucket">The unseen bucket's code; <see langword="null"/> when unseen codes reject the row.</param>
/// <param name="UnseenMapped">Values outside the vocabulary that were mapped to the bucket.</param>
public sealed record CategoricalStatistics(
    [property: JsonPropertyName("counts")] ImmutableArray<CategoryCount> Counts,
    [property: JsonPropertyName("unseen_bucket")] string? UnseenBucket,
    [property: JsonPropertyName("unseen_mapped")] long UnseenMapped)
{
    /// <summary>Equality by value, the counts compared element by element.</summary>
    public bool Equals(CategoricalStatistics? other)
        => other is not null
            && string.Equals(UnseenBucket, other.UnseenBucket, StringComparison.Ordinal)
            && UnseenMapped == other.UnseenMapped
            && Counts.IsDefault == other.Counts.IsDefault
            && (Counts.IsDefault || Counts.SequenceEqual(other.Counts));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UnseenBucket, UnseenMapped, Counts.IsDefault ? 0 : Counts.Length);
}

/// <summary>How often one category code occurred.</summary>
/// <param name="Code">The code.</param>
/// <param name="Count">Its count.</param>
public sealed record CategoryCount(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("count")] long Count);

/// <summary>The counts of a boolean feature's present values.</summary>
/// <param name="TrueCount">Values that were true.</param>
/// <param name="FalseCount">Values that were false.</param>
public sealed record BooleanStatistics(
    [property: JsonPropertyName("true_count")] long TrueCount,
    [property: JsonPropertyName("false_count")] long FalseCount);

/// <summary>
/// The label counts, by the names of the domain's two classes. Written as one JSON object with two properties, the
/// positive class first: <c>{"late": 120, "on_time": 380}</c> for shipments.
/// </summary>
/// <param name="PositiveClass">The name of the class labelled 1, e.g. <c>late</c>.</param>
/// <param name="Positive">Rows labelled 1.</param>
/// <param name="NegativeClass">The name of the class labelled 0, e.g. <c>on_time</c>.</param>
/// <param name="Negative">Rows labelled 0.</param>
[JsonConverter(typeof(LabelCountsConverter))]
public sealed record LabelCounts(string PositiveClass, long Positive, string NegativeClass, long Negative);

/// <summary>Writes <see cref="LabelCounts"/> as <c>{"positive class": n, "negative class": m}</c> and reads it back.</summary>
internal sealed class LabelCountsConverter : JsonConverter<LabelCounts>
{
    public override LabelCounts Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The label counts must be an object of two class names and their counts.");
        }

        var classes = new List<(string Name, long Count)>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long count))
            {
                throw new JsonException($"The count of label class '{name}' must be an integer.");
            }

            classes.Add((name, count));
        }

        if (classes.Count != 2 || string.IsNullOrWhiteSpace(classes[0].Name) || string.IsNullOrWhiteSpace(classes[1].Name) || classes[0].Name == classes[1].Name)
        {
            throw new JsonException("The label counts must name two distinct classes, the positive one first.");
        }

        return new LabelCounts(classes[0].Name, classes[0].Count, classes[1].Name, classes[1].Count);
    }

    public override void Write(Utf8JsonWriter writer, LabelCounts value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber(value.PositiveClass, value.Positive);
        writer.WriteNumber(value.NegativeClass, value.Negative);
        writer.WriteEndObject();
    }
}
