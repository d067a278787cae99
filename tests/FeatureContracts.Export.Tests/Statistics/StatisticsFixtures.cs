using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Export.Statistics;
using FeatureContracts.Export.Tests.Sinks;
using FeatureContracts.Rows;

namespace FeatureContracts.Export.Tests.Statistics;

/// <summary>One generated toy row: the raw code (null = missing), amount, flag and the label.</summary>
internal sealed record ToyInput(string? Code, double? Amount, bool? Flag, bool Label)
{
    public FeatureRow Row(int i) => SinkFixtures.ToyRow($"t{i}", Code, Amount, Flag);
}

internal static class StatisticsFixtures
{
    private static readonly double[] Specials = [0.0, -0.0, 1e300, -1e300, 5e-324, -5e-324, 0.1, 0.2, 0.3, 1.0 / 3, 2.2250738585072014E-308, 123456789.125];

    /// <summary>A deterministic, varied list of toy inputs from a seed: integers, fractions, huge, tiny, zero, missing.</summary>
    public static List<ToyInput> Inputs(int seed, int count)
    {
        var random = new Random(seed);
        string?[] codes = [.. SinkFixtures.ToyVocabulary, "unseen-1", "unseen-2", null];
        var inputs = new List<ToyInput>(count);
        for (int i = 0; i < count; i++)
        {
            double? amount = random.Next(8) switch
            {
                0 => null,
                1 => Specials[random.Next(Specials.Length)],
                2 => random.Next(-1000, 1000),
                3 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30)),
                _ => Math.Round(random.NextDouble() * 500, 2),
            };
            bool? flag = random.Next(5) switch
            {
                0 => null,
                1 or 2 => true,
                _ => false,
            };
            inputs.Add(new ToyInput(codes[random.Next(codes.Length)], amount, flag, random.Next(3) == 0));
        }

        return inputs;
    }

    /// <summary>The toy rows' label: a domain's label whose classes are not shipments'.</summary>
    public static readonly LabelDefinition ToyLabel = new("toy_outcome", "yes", "no");

    public static ExportStatistics Accumulate(IEnumerable<(FeatureRow Row, bool Label)> rows)
    {
        var statistics = new ExportStatistics(SinkFixtures.Toy, ToyLabel);
        foreach (var (row, label) in rows)
        {
            statistics.Add(row, label);
        }

        return statistics;
    }

    public static ExportStatistics Accumulate(IEnumerable<ToyInput> inputs)
        => Accumulate(inputs.Select((input, i) => (input.Row(i), input.Label)));

    public static ExportStatistics Amounts(IEnumerable<double?> amounts)
        => Accumulate(amounts.Select(a => new ToyInput("plain", a, true, false)));

    public static NumericStatistics Numeric(StatisticsSnapshot snapshot, string feature = "amount")
        => snapshot.Features.Single(f => f.Name == feature).Numeric!;
}
