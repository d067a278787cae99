using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FeatureContracts.Contracts;
using FeatureContracts.Monitoring;
using FeatureContracts.Serialization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Serialization;

/// <summary>The toy domain's sources, by name, for reading toy contracts from JSON.</summary>
internal static class ToyCatalog
{
    public static readonly ValueSourceCatalog<ToyView> All = new(Distance, Backlog, Carrier, Expedited, ExpeditedWithoutDeclaration, HoursToDelivery);

    public static FeatureContract<ToyView> Read(string json) => ContractJson.Read(json, All);
}

public sealed class ContractJsonTests
{
    private static void ShouldRoundTrip(FeatureContract<ToyView> contract)
    {
        string first = ContractJson.Write(contract);
        FeatureContract<ToyView> read = ToyCatalog.Read(first);

        read.Fingerprint.Should().Be(contract.Fingerprint);
        read.CanonicalForm.Should().Be(contract.CanonicalForm);
        ContractJson.Write(read).Should().Be(first);
    }

    [Fact]
    public void Written_shape_is_the_documented_one()
    {
        FeatureContract<ToyView> contract = Define("toy", version: 3)
            .Describe("A \"small\" contract – é")
            .Numeric("hours", f => f.From(Distance).CapAt(168).FillMissingWith(168))
            .Categorical("carrier", f => f
                .From(Carrier)
                .Vocabulary("b", "a")
                .RejectUnseen()
                .EmitMissingWithIndicator("carrier_absent")
                .MaxAge(Duration.FromMinutes(90))
                .Monitor(m => m.NullRateAbove(0.02, MonitorAction.FallBack).UnseenRateAbove(0.1).FreshnessLagAbove(Duration.FromHours(2)).DriftBands(0.02, 0.2)))
            .Boolean("expedited", f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false).Describe("Service class."))
            .Build();

        ContractJson.Write(contract).Should().Be(
            """
            {
              "name": "toy",
              "version": 3,
              "description": "A \"small\" contract – é",
              "features": [
                {
                  "name": "hours",
                  "kind": "numeric",
                  "source": "toy.distance",
                  "missing": {
                    "rule": "fill",
                    "value": 168
                  },
                  "range": {
                    "min": "-Infinity",
                    "max": 168,
                    "action": "clamp"
                  },
                  "max_age": null,
                  "description": null,
                  "monitors": {
                    "max_null_rate": null,
                    "null_rate_action": "fail_closed",
                    "max_unseen_rate": null,
                    "max_out_of_range_rate": null,
                    "max_freshness_lag": null,
                    "max_parity_mismatch_rate": 0,
                    "drift_warn": 0.1,
                    "drift_fail": 0.25
                  }
                },
                {
                  "name": "carrier",
                  "kind": "categorical",
                  "source": "toy.carrier",
                  "missing": {
                    "rule": "missing_with_indicator",
                    "indicator": "carrier_absent"
                  },
                  "vocabulary": [
                    "b",
                    "a"
                  ],
                  "unseen": {
                    "action": "reject"
                  },
                  "max_age": "0:01:30:00",
                  "description": null,
                  "monitors": {
                    "max_null_rate": 0.02,
                    "null_rate_action": "fall_back",
                    "max_unseen_rate": 0.1,
                    "max_out_of_range_rate": null,
                    "max_freshness_lag": "0:02:00:00",
                    "max_parity_mismatch_rate": 0,
                    "drift_warn": 0.02,
                    "drift_fail": 0.2
                  }
                },
                {
                  "name": "expedited",
                  "kind": "boolean",
                  "source": "toy.expedited",
                  "missing": {
                    "rule": "default_where_source_declares_absence",
                    "value": false
                  },
                  "max_age": null,
                  "description": "Service class.",
                  "monitors": {
                    "max_null_rate": null,
                    "null_rate_action": "fail_closed",
                    "max_unseen_rate": null,
                    "max_out_of_range_rate": null,
                    "max_freshness_lag": null,
                    "max_parity_mismatch_rate": 0,
                    "drift_warn": 0.05,
                    "drift_fail": 0.1
                  }
                }
              ]
            }

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Written_json_uses_lf_line_ends_and_ends_with_one_newline()
    {
        string json = ContractJson.Write(Reference().Build());

        json.Should().NotContain("\r");
        json.Should().EndWith("}\n").And.NotEndWith("\n\n");
    }

    [Fact]
    public void Reference_contract_round_trips()
        => ShouldRoundTrip(Reference().Build());

    [Fact]
    public void Round_trip_keeps_labels_and_policies()
    {
        FeatureContract<ToyView> contract = Reference("toy_labels", version: 7).Describe("contract words").Build();

        FeatureContract<ToyView> read = ToyCatalog.Read(ContractJson.Write(contract));

        read.Name.Should().Be("toy_labels");
        read.Version.Should().Be(7);
        read.Description.Should().Be("contract words");
        ((NumericFeatureDefinition)read["origin_backlog"]).Range.Should().Be(new NumericRange(0, 1000, OutOfRangeAction.Clamp));
        read["origin_backlog"].MaxAge.Should().Be(Duration.FromHours(6));
        read["origin_backlog"].Missing.Should().Be(contract["origin_backlog"].Missing);
        ((CategoricalFeatureDefinition)read["carrier"]).Vocabulary.Should().Equal("northline", "eastway");
        ((CategoricalFeatureDefinition)read["carrier"]).Unseen.Should().Be(new UnseenCategoryPolicy(UnseenAction.MapToBucket, "other"));
        read["expedited"].Missing.Should().Be(new MissingPolicy(MissingRule.DefaultWhereSourceDeclaresAbsence, FeatureValue.Bool(false)));
    }

    [Fact]
    public void Unbounded_range_bounds_round_trip_as_infinity_strings()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).RejectIfMissing().RejectOutside(double.NegativeInfinity, double.PositiveInfinity));

        string json = ContractJson.Write(contract);

        json.Should().Contain("\"min\": \"-Infinity\"").And.Contain("\"max\": \"Infinity\"");
        ShouldRoundTrip(contract);
        ((NumericFeatureDefinition)ToyCatalog.Read(json)["distance_km"]).Range.Should().Be(
            new NumericRange(double.NegativeInfinity, double.PositiveInfinity, OutOfRangeAction.Reject));
    }

    [Fact]
    public void Extreme_and_signed_zero_bounds_round_trip_bit_for_bit()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).RejectIfMissing().ClampTo(-0.0, double.MaxValue));

        ShouldRoundTrip(contract);
        NumericRange range = ((NumericFeatureDefinition)ToyCatalog.Read(ContractJson.Write(contract))["distance_km"]).Range;
        double.IsNegative(range.Min).Should().BeTrue();
        range.Max.Should().Be(double.MaxValue);
    }

    [Fact]
    public void Nanosecond_max_ages_round_trip()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f
            .From(Distance).RejectIfMissing().RejectOutside(0, 1).MaxAge(Duration.FromDays(400) + Duration.FromNanoseconds(1)));

        ContractJson.Write(contract).Should().Contain("\"max_age\": \"400:00:00:00.000000001\"");
        ShouldRoundTrip(contract);
    }

    [Fact]
    public void Optional_properties_may_be_left_out_or_null()
    {
        const string Json = """
            {
              "name": "toy",
              "version": 1,
              "features": [
                { "name": "origin_backlog", "kind": "numeric", "source": "toy.backlog",
                  "missing": { "rule": "missing_with_indicator" },
                  "range": { "min": 0, "max": 1000, "action": "clamp" } },
                { "name": "carrier", "kind": "categorical", "source": "toy.carrier", "description": null, "max_age": null,
                  "missing": { "rule": "reject_row" }, "vocabulary": ["northline"], "unseen": { "action": "reject" } }
              ]
            }
            """;
        FeatureContract<ToyView> expected = Define()
            .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000))
            .Categorical("carrier", f => f.From(Carrier).RejectIfMissing().Vocabulary("northline").RejectUnseen())
            .Build();

        FeatureContract<ToyView> read = ToyCatalog.Read(Json);

        read.Fingerprint.Should().Be(expected.Fingerprint);
        read.Description.Should().BeNull();
        read["origin_backlog"].IndicatorName.Should().Be("origin_backlog_missing", "the indicator name defaults as in the builder");
        read["carrier"].MaxAge.Should().BeNull();
    }

    [Fact]
    public void Text_is_escaped_only_where_json_requires_it()
    {
        FeatureContract<ToyView> contract = CategoricalContract(f => f
            .From(Carrier)
            .Vocabulary("north\"line", "east\\way", "d'or", "<b>&", "tab\tnew\nline", "日本", "😀")
            .MapUnseenTo("autre – é")
            .RejectIfMissing());

        string json = ContractJson.Write(contract);

        json.Should().Contain("\"north\\\"line\"").And.Contain("\"east\\\\way\"").And.Contain("\"d'or\"").And.Contain("\"<b>&\"")
            .And.Contain("\"tab\\tnew\\nline\"").And.Contain("\"日本\"").And.Contain("\"autre – é\"");
        ShouldRoundTrip(contract);
    }

    [Fact]
    public void Reads_from_a_utf8_stream()
    {
        FeatureContract<ToyView> contract = Reference().Build();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(ContractJson.Write(contract)));

        ContractJson.Read(stream, ToyCatalog.All).Fingerprint.Should().Be(contract.Fingerprint);
    }

    [Fact]
    public void Reading_twice_gives_two_independent_contracts_with_one_fingerprint()
    {
        string json = ContractJson.Write(Reference().Build());

        FeatureContract<ToyView> first = ToyCatalog.Read(json);
        FeatureContract<ToyView> second = ToyCatalog.Read(json);

        first.Should().NotBeSameAs(second);
        first.Fingerprint.Should().Be(second.Fingerprint);
    }

    // ---- property ---------------------------------------------------------------------------------------------

    [Property(Arbitrary = [typeof(PolicyArbitrary)], MaxTest = 300)]
    public bool Write_read_write_is_identical_and_keeps_the_fingerprint(Policies policies)
    {
        FeatureContract<ToyView> contract = policies.Build();

        string first = ContractJson.Write(contract);
        FeatureContract<ToyView> read = ToyCatalog.Read(first);

        return ContractJson.Write(read) == first
            && read.Fingerprint == contract.Fingerprint
            && read.CanonicalForm == contract.CanonicalForm;
    }
}

/// <summary>Random valid policies for a three-feature toy contract.</summary>
/// <param name="Min">The numeric range's minimum (may be infinite).</param>
/// <param name="Max">The numeric range's maximum, not below the minimum (may be infinite).</param>
/// <param name="Clamp">Clamp rather than reject outside the range.</param>
/// <param name="NumericMissing">0 reject, 1 fill with a bound, 2 indicator.</param>
/// <param name="NumericMaxAge">The numeric feature's max age, if any.</param>
/// <param name="Vocabulary">Distinct, non-blank codes.</param>
/// <param name="Bucket">The unseen bucket, or null to reject unseen codes.</param>
/// <param name="CategoricalMissing">0 reject, 1 fill with the first code, 2 indicator.</param>
/// <param name="CategoricalMaxAge">The categorical feature's max age, if any.</param>
/// <param name="BooleanMissing">0 reject, 1 fill, 2 indicator, 3 default where the source declares absence.</param>
/// <param name="BooleanFill">The boolean fill value.</param>
/// <param name="BooleanMaxAge">The boolean feature's max age, if any.</param>
/// <param name="Description">The contract's and features' description.</param>
public sealed record Policies(
    double Min,
    double Max,
    bool Clamp,
    int NumericMissing,
    Duration? NumericMaxAge,
    string[] Vocabulary,
    string? Bucket,
    int CategoricalMissing,
    Duration? CategoricalMaxAge,
    int BooleanMissing,
    bool BooleanFill,
    Duration? BooleanMaxAge,
    string? Description)
{
    public FeatureContract<ToyView> Build()
    {
        FeatureContractBuilder<ToyView> builder = Toy.Define("generated", version: 1);
        if (Description is not null)
        {
            builder.Describe(Description);
        }

        builder.Numeric("distance_km", f =>
        {
            f.From(Toy.Distance);
            _ = Clamp ? f.ClampTo(Min, Max) : f.RejectOutside(Min, Max);
            double? fill = double.IsFinite(Min) ? Min : double.IsFinite(Max) ? Max : null;
            _ = (NumericMissing, fill) switch
            {
                (1, { } value) => f.FillMissingWith(value),
                (0, _) => f.RejectIfMissing(),
                _ => f.EmitMissingWithIndicator(),
            };
            Common(f, NumericMaxAge);
        });
        builder.Categorical("carrier", f =>
        {
            f.From(Toy.Carrier).Vocabulary(Vocabulary);
            _ = Bucket is null ? f.RejectUnseen() : f.MapUnseenTo(Bucket);
            _ = CategoricalMissing switch
            {
                0 => f.RejectIfMissing(),
                1 => f.FillMissingWith(Vocabulary[0]),
                _ => f.EmitMissingWithIndicator("carrier_absent"),
            };
            Common(f, CategoricalMaxAge);
        });
        builder.Boolean("expedited", f =>
        {
            f.From(Toy.Expedited);
            _ = BooleanMissing switch
            {
                0 => f.RejectIfMissing(),
                1 => f.FillMissingWith(BooleanFill),
                2 => f.EmitMissingWithIndicator(),
                _ => f.DefaultWhereSourceDeclaresAbsence(false),
            };
            Common(f, BooleanMaxAge);
        });
        return builder.Build();
    }

    private void Common<TSelf, T>(FeatureBuilder<TSelf, ToyView, T> f, Duration? maxAge)
        where TSelf : FeatureBuilder<TSelf, ToyView, T>
    {
        if (maxAge is { } age)
        {
            f.MaxAge(age);
        }

        if (Description is not null)
        {
            f.Describe(Description);
        }
    }
}

public static class PolicyArbitrary
{
    /// <summary>Pieces of text that JSON must escape, or that an over-eager encoder would.</summary>
    private static readonly string[] Pieces = ["a", "Z", "7", "_", " ", "\"", "\\", "'", "<", "&", "+", "\n", "\t", "\u0001", "é", "日", "\u2028", "😀"];

    /// <summary>Any double, from its 64 bits: subnormals, signed zeros, extremes.</summary>
    private static readonly Gen<double> AnyBits =
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        select BitConverter.Int64BitsToDouble(unchecked(((long)high << 32) | (uint)low));

    private static readonly Gen<double> Bound = Gen.Frequency(
        (5, AnyBits.Where(double.IsFinite)),
        (3, Gen.Choose(-1000, 1000).Select(i => i / 8.0)),
        (1, Gen.Constant(double.NegativeInfinity)),
        (1, Gen.Constant(double.PositiveInfinity)));

    private static readonly Gen<Duration?> MaxAge = Gen.Frequency(
        (1, Gen.Constant<Duration?>(null)),
        (2, from high in Gen.Choose(0, int.MaxValue)
            from low in Gen.Choose(int.MinValue, int.MaxValue)
            let nanoseconds = unchecked(((long)(high >> 1) << 32) | (uint)low)
            where nanoseconds > 0
            select (Duration?)Duration.FromNanoseconds(nanoseconds)),
        (2, Gen.Choose(1, 10_000).Select(minutes => (Duration?)Duration.FromMinutes(minutes))));

    private static readonly Gen<string> Text =
        from count in Gen.Choose(1, 6)
        from pieces in Gen.ArrayOf(Gen.Elements(Pieces), count)
        select string.Concat(pieces);

    private static readonly Gen<string> Code = Text.Where(t => !string.IsNullOrWhiteSpace(t));

    private static readonly Gen<Policies> All =
        from a in Bound
        from b in Bound
        from clamp in Gen.Elements(true, false)
        from numericMissing in Gen.Choose(0, 2)
        from numericMaxAge in MaxAge
        from size in Gen.Choose(1, 6)
        from codes in Gen.ArrayOf(Code, size)
        from bucket in Gen.Frequency((1, Gen.Constant<string?>(null)), (3, Code.Select(c => (string?)c)))
        from categoricalMissing in Gen.Choose(0, 2)
        from categoricalMaxAge in MaxAge
        from booleanMissing in Gen.Choose(0, 3)
        from booleanFill in Gen.Elements(true, false)
        from booleanMaxAge in MaxAge
        from description in Gen.Frequency((1, Gen.Constant<string?>(null)), (1, Text.Select(t => (string?)t)))
        let vocabulary = codes.Distinct(StringComparer.Ordinal).Where(c => !string.Equals(c, bucket, StringComparison.Ordinal)).ToArray()
        where vocabulary.Length > 0
        select new Policies(
            Math.Min(a, b),
            Math.Max(a, b),
            clamp,
            numericMissing,
            numericMaxAge,
            vocabulary,
            bucket,
            categoricalMissing,
            categoricalMaxAge,
            booleanMissing,
            booleanFill,
            booleanMaxAge,
            description);

    public static Arbitrary<Policies> PolicyArb() => Arb.From(All);
}
