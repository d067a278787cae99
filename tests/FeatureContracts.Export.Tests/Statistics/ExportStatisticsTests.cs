using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using FeatureContracts.Export.Statistics;
using FeatureContracts.Export.Tests.Sinks;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;

namespace FeatureContracts.Export.Tests.Statistics;

public sealed class ExportStatisticsTests
{
    private static readonly int[] Percentiles = [1, 5, 25, 50, 75, 95, 99];

    private static double[] Estimates(QuantileEstimates q) => [q.P01, q.P05, q.P25, q.P50, q.P75, q.P95, q.P99];

    [Fact]
    public void Known_answer_1_to_1000_exact_min_max_mean_sum_and_quantiles_within_1_percent()
    {
        NumericStatistics numeric = StatisticsFixtures.Numeric(StatisticsFixtures.Amounts(Enumerable.Range(1, 1000).Select(i => (double?)i)).Snapshot());

        numeric.Count.Should().Be(1000);
        numeric.Min.Should().Be(1);
        numeric.Max.Should().Be(1000);
        numeric.Mean.Should().Be(500.5);
        numeric.Sum.Should().Be("500500");
        double[] estimates = Estimates(numeric.Quantiles!);
        for (int i = 0; i < Percentiles.Length; i++)
        {
            double exact = 1 + Math.Floor(Percentiles[i] * 999 / 100.0); // the value at 0-based rank ⌊q·(n−1)⌋
            estimates[i].Should().BeApproximately(exact, exact * 0.01, $"p{Percentiles[i]:D2}");
            estimates[i].Should().BeApproximately(exact, exact * ExportStatistics.QuantileRelativeAccuracy, $"p{Percentiles[i]:D2}");
        }
    }

    [Theory]
    [InlineData(new[] { 1e300, 1, -1e300 }, 0.3333333333333333, "1")]
    [InlineData(new[] { 1e308, 1e308, -1e308 }, 3.333333333333333e+307, null)]
    [InlineData(new[] { 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1 }, 0.1, "1.000000000000000055511151231257827021181583404541015625")]
    [InlineData(new[] { 0.1, 0.2 }, 0.15000000000000002, "0.3000000000000000166533453693773481063544750213623046875")]
    [InlineData(new[] { 2.5, 1e-20, 3.3 }, 1.9333333333333333, null)]
    public void The_mean_is_the_exact_sum_over_the_count_correctly_rounded(double[] values, double mean, string? sum)
    {
        // Expected values computed with exact rational arithmetic (Python fractions): naive summation would give
        // 0, infinity, 0.09999999999999999 for the first three.
        NumericStatistics numeric = StatisticsFixtures.Numeric(StatisticsFixtures.Amounts(values.Select(v => (double?)v)).Snapshot());

        numeric.Mean.Should().Be(mean);
        if (sum is not null)
        {
            numeric.Sum.Should().Be(sum);
        }
    }

    [Fact]
    public void Null_rate_and_missing_count_count_missing_values_only()
    {
        double?[] amounts = [1, null, 2, null, 3, 4, null, 5, 6, 7];
        StatisticsSnapshot snapshot = StatisticsFixtures.Amounts(amounts).Snapshot();
        FeatureStatistics amount = snapshot.Features.Single(f => f.Name == "amount");

        amount.Count.Should().Be(10);
        amount.MissingCount.Should().Be(3);
        amount.NullRate.Should().Be(0.3);
        amount.Numeric!.Count.Should().Be(7);
        amount.Numeric.Mean.Should().Be(4);
        snapshot.Features.Single(f => f.Name == "code").NullRate.Should().Be(0);
    }

    [Fact]
    public void Without_rows_there_is_no_rate_no_min_max_mean_or_quantiles()
    {
        StatisticsSnapshot snapshot = new ExportStatistics(SinkFixtures.Toy, StatisticsFixtures.ToyLabel).Snapshot();

        snapshot.Rows.Should().Be(0);
        snapshot.Features.Should().OnlyContain(f => f.Count == 0 && f.NullRate == null);
        NumericStatistics numeric = StatisticsFixtures.Numeric(snapshot);
        (numeric.Min, numeric.Max, numeric.Mean, numeric.Quantiles, numeric.Sum).Should().Be((null, null, null, null, "0"));
    }

    [Fact]
    public void Category_counts_are_in_vocabulary_order_then_the_bucket_with_zero_counts_and_unseen_mapped()
    {
        string?[] codes = ["plain", "a,b", "nope", "plain", "also-unseen", null, "café"];
        var statistics = StatisticsFixtures.Accumulate(codes.Select(c => new ToyInput(c, 1, true, false)));

        FeatureStatistics code = statistics.Snapshot().Features.Single(f => f.Name == "code");

        code.Categorical!.Counts.Select(c => (c.Code, c.Count)).Should().Equal(
            ("a,b", 1), ("say \"hi\"", 0), ("two\r\nlines", 0), ("café", 1), ("plain", 2), ("other", 2));
        code.Categorical.UnseenBucket.Should().Be("other");
        code.Categorical.UnseenMapped.Should().Be(2);
        code.MissingCount.Should().Be(1);
    }

    [Fact]
    public void Boolean_and_label_counts()
    {
        var statistics = StatisticsFixtures.Accumulate(
        [
            new ToyInput("plain", 1, true, true),
            new ToyInput("plain", 1, false, false),
            new ToyInput("plain", 1, null, true),
            new ToyInput("plain", 1, true, true),
        ]);

        StatisticsSnapshot snapshot = statistics.Snapshot();

        snapshot.Features.Single(f => f.Name == "flag").Boolean.Should().Be(new BooleanStatistics(2, 1));
        snapshot.Labels.Should().Be(new LabelCounts("yes", Positive: 3, "no", Negative: 1));
        snapshot.Rows.Should().Be(4);
    }

    [Fact]
    public void Late_delivery_rows_count_missing_filled_unseen_and_defaulted_values()
    {
        var statistics = new ExportStatistics(LateDeliveryContract.V1, ShipmentDomain.Instance.Label);
        foreach (var (row, label) in SinkFixtures.LateDeliveryRows())
        {
            statistics.Add(row, label);
        }

        StatisticsSnapshot snapshot = statistics.Snapshot();
        FeatureStatistics Feature(string name) => snapshot.Features.Single(f => f.Name == name);

        snapshot.Features.Select(f => (f.Name, f.Kind)).Should().Equal(
            ("distance_km", "numeric"), ("hours_since_last_scan", "numeric"), ("origin_backlog", "numeric"), ("carrier", "categorical"), ("expedited", "boolean"));
        Feature("origin_backlog").MissingCount.Should().Be(1);
        Feature("origin_backlog").NullRate.Should().Be(1.0 / 3);
        Feature("origin_backlog").Numeric!.Mean.Should().Be(30.25);
        Feature("hours_since_last_scan").FilledCount.Should().Be(1);
        Feature("hours_since_last_scan").Numeric!.Max.Should().Be(168);
        Feature("carrier").Categorical!.Counts.Select(c => c.Count).Should().Equal(1, 1, 0, 0, 0, 1);
        Feature("carrier").Categorical!.UnseenMapped.Should().Be(1);
        Feature("expedited").DefaultedCount.Should().Be(1);
        Feature("expedited").Boolean.Should().Be(new BooleanStatistics(1, 2));
        snapshot.Labels.Should().Be(new LabelCounts("late", 2, "on_time", 1));
    }

    [Fact]
    public void Snapshot_JSON_is_deterministic_snake_case_and_round_trips()
    {
        StatisticsSnapshot snapshot = StatisticsFixtures.Accumulate(StatisticsFixtures.Inputs(seed: 7, count: 300)).Snapshot();

        string json = snapshot.ToJson(indented: true);
        StatisticsSnapshot back = StatisticsSnapshot.FromJson(json);

        back.Should().Be(snapshot);
        back.ToJson(indented: true).Should().Be(json);
        StatisticsFixtures.Accumulate(StatisticsFixtures.Inputs(seed: 7, count: 300)).Snapshot().ToJson().Should().Be(snapshot.ToJson());
        json.Should().Contain("\"null_rate\"").And.Contain("\"p01\"").And.Contain("\"unseen_mapped\"").And.NotContain("\r");
        using var doc = JsonDocument.Parse(json);
        doc.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("rows", "features", "labels");
        doc.RootElement.GetProperty("labels").EnumerateObject().Select(p => p.Name).Should().Equal("yes", "no");
        doc.RootElement.GetProperty("features")[0].EnumerateObject().Select(p => p.Name).Should().Equal(
            "name", "kind", "count", "missing_count", "null_rate", "filled_count", "clamped_count", "beyond_max_age_count", "defaulted_count", "categorical");
    }

    private sealed record Envelope(int Version, StatisticsSnapshot Statistics);

    [Fact]
    public void Snapshot_embeds_in_a_strict_snake_case_document_and_reads_back()
    {
        // The manifest's options: snake_case names, strict numbers, unknown members refused.
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        StatisticsSnapshot snapshot = StatisticsFixtures.Accumulate(StatisticsFixtures.Inputs(seed: 11, count: 200)).Snapshot();

        string json = JsonSerializer.Serialize(new Envelope(1, snapshot), options);
        Envelope back = JsonSerializer.Deserialize<Envelope>(json, options)!;

        back.Statistics.Should().Be(snapshot);
        back.Statistics.ToJson().Should().Be(snapshot.ToJson());
    }

    [Fact]
    public void Rows_of_another_contract_are_refused_and_leave_the_statistics_unchanged()
    {
        var statistics = new ExportStatistics(LateDeliveryContract.V1, ShipmentDomain.Instance.Label);
        string before = statistics.Snapshot().ToJson();

        statistics.Invoking(s => s.Add(SinkFixtures.ToyRow("t1", "plain", 1, true), true)).Should().Throw<ArgumentException>();
        statistics.Snapshot().ToJson().Should().Be(before);
    }

    [Fact]
    public void Statistics_of_different_contracts_do_not_merge()
    {
        var toy = new ExportStatistics(SinkFixtures.Toy, StatisticsFixtures.ToyLabel);
        var late = new ExportStatistics(LateDeliveryContract.V1, ShipmentDomain.Instance.Label);

        toy.Invoking(t => t.Merge(late)).Should().Throw<ArgumentException>();
        toy.Snapshot().Invoking(s => s.Merge(late.Snapshot())).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Label_counts_are_named_by_the_domains_classes_positive_first()
    {
        var statistics = new ExportStatistics(LateDeliveryContract.V1, ShipmentDomain.Instance.Label);
        foreach (var (row, label) in SinkFixtures.LateDeliveryRows())
        {
            statistics.Add(row, label);
        }

        string json = statistics.Snapshot().ToJson();

        json.Should().EndWith(",\"labels\":{\"late\":2,\"on_time\":1}}");
        StatisticsSnapshot.FromJson(json).Labels.Should().Be(new LabelCounts("late", 2, "on_time", 1));
    }

    [Fact]
    public void Statistics_of_different_label_classes_do_not_merge()
    {
        StatisticsSnapshot yesNo = StatisticsFixtures.Accumulate(StatisticsFixtures.Inputs(seed: 5, count: 20)).Snapshot();
        StatisticsSnapshot other = yesNo with { Labels = yesNo.Labels with { PositiveClass = "fraud", NegativeClass = "genuine" } };

        FluentActions.Invoking(() => yesNo.Merge(other)).Should().Throw<ArgumentException>().WithMessage("*yes/no*fraud/genuine*");
    }

    [Theory]
    [InlineData("{\"yes\":1,\"yes\":0}")]
    [InlineData("{\"yes\":1}")]
    [InlineData("{\"yes\":1,\"no\":0,\"maybe\":0}")]
    [InlineData("{\"yes\":1.5,\"no\":0}")]
    [InlineData("[1,0]")]
    public void Label_counts_that_do_not_name_two_distinct_classes_with_integer_counts_are_refused(string labels)
    {
        string json = StatisticsFixtures.Amounts([1]).Snapshot().ToJson();
        string corrupt = json[..json.IndexOf("\"labels\":", StringComparison.Ordinal)] + "\"labels\":" + labels + "}";

        FluentActions.Invoking(() => StatisticsSnapshot.FromJson(corrupt)).Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void A_corrupt_snapshot_is_refused()
    {
        StatisticsSnapshot snapshot = StatisticsFixtures.Amounts([1, 2, 3]).Snapshot();
        FeatureStatistics amount = snapshot.Features.Single(f => f.Name == "amount");
        StatisticsSnapshot WithAmount(NumericStatistics numeric)
            => snapshot with { Features = snapshot.Features.Replace(amount, amount with { Numeric = numeric }) };

        FluentActions.Invoking(() => snapshot.Merge(WithAmount(amount.Numeric! with { Sketch = amount.Numeric.Sketch with { Positive = "1:x" } })))
            .Should().Throw<InvalidDataException>();
        FluentActions.Invoking(() => snapshot.Merge(WithAmount(amount.Numeric! with { Sum = "1.50" })))
            .Should().Throw<InvalidDataException>();
        FluentActions.Invoking(() => snapshot.Merge(WithAmount(amount.Numeric! with { Count = 4 })))
            .Should().Throw<InvalidDataException>();
        FluentActions.Invoking(() => StatisticsSnapshot.FromJson("{\"rows\":1}")).Should().Throw<InvalidDataException>();
        FluentActions.Invoking(() => StatisticsSnapshot.FromJson(snapshot.ToJson().Replace("\"rows\":3", "\"rows\":3,\"extra\":1", StringComparison.Ordinal)))
            .Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void Merging_updates_in_place_and_leaves_the_other_unchanged()
    {
        var inputs = StatisticsFixtures.Inputs(seed: 3, count: 100);
        ExportStatistics left = StatisticsFixtures.Accumulate(inputs.Take(40));
        ExportStatistics right = StatisticsFixtures.Accumulate(inputs.Skip(40).Select((input, i) => (input.Row(40 + i), input.Label)));
        string rightBefore = right.Snapshot().ToJson();

        left.Merge(right);

        left.Rows.Should().Be(100);
        right.Snapshot().ToJson().Should().Be(rightBefore);
        left.Snapshot().ToJson().Should().Be(StatisticsFixtures.Accumulate(inputs).Snapshot().ToJson());
        left.Invoking(l => l.Merge(l)).Should().Throw<ArgumentException>();
    }
}
