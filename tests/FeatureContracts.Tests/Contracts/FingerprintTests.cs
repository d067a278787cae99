using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using FeatureContracts.Contracts;
using FeatureContracts.Sources;
using FsCheck;
using FsCheck.Xunit;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Contracts;

public sealed class FingerprintTests
{
    /// <summary>Every knob of a small reference-like contract; the defaults describe the baseline.</summary>
    private sealed record Spec
    {
        public string Name { get; init; } = "toy";

        public int Version { get; init; } = 1;

        public string? ContractDescription { get; init; }

        public string? FeatureDescription { get; init; }

        public double DistanceMax { get; init; } = 5000;

        public bool DistanceClamps { get; init; }

        public ValueSource<ToyView, double> DistanceSource { get; init; } = Distance;

        public bool DistanceFirst { get; init; } = true;

        public string? BacklogIndicator { get; init; }

        public Duration BacklogMaxAge { get; init; } = Duration.FromHours(6);

        public double HoursFill { get; init; } = 168;

        public bool HoursRejectsIfMissing { get; init; }

        public IReadOnlyList<string> Vocabulary { get; init; } = ["northline", "eastway"];

        public string UnseenBucket { get; init; } = "other";
    }

    private static readonly ValueSource<ToyView, double> Hours =
        ValueSource.Numeric<ToyView>("toy.hours_since_last_scan", [InputField.Predictor("scan", "occurred_at")], v => v.Distance);

    private static FeatureContract<ToyView> Build(Spec spec)
    {
        FeatureContractBuilder<ToyView> builder = FeatureContract.Define<ToyView>(spec.Name, spec.Version);
        if (spec.ContractDescription is { } description)
        {
            builder.Describe(description);
        }

        void AddDistance() => builder.Numeric("distance_km", f =>
        {
            f.From(spec.DistanceSource).RejectIfMissing();
            _ = spec.DistanceClamps ? f.ClampTo(0, spec.DistanceMax) : f.RejectOutside(0, spec.DistanceMax);
            if (spec.FeatureDescription is { } featureDescription)
            {
                f.Describe(featureDescription);
            }
        });

        void AddBacklog() => builder.Numeric(
            "origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator(spec.BacklogIndicator).ClampTo(0, 1000).MaxAge(spec.BacklogMaxAge));

        if (spec.DistanceFirst)
        {
            AddDistance();
            AddBacklog();
        }
        else
        {
            AddBacklog();
            AddDistance();
        }

        builder
            .Numeric("hours_since_last_scan", f =>
            {
                f.From(Hours).CapAt(168);
                _ = spec.HoursRejectsIfMissing ? f.RejectIfMissing() : f.FillMissingWith(spec.HoursFill);
            })
            .Categorical("carrier", f => f.From(Carrier).Vocabulary(spec.Vocabulary).MapUnseenTo(spec.UnseenBucket).RejectIfMissing())
            .Boolean("expedited", f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false));
        return builder.Build();
    }

    private static string Fingerprint(Spec spec) => Build(spec).Fingerprint;

    private static readonly string Baseline = Fingerprint(new Spec());

    [Fact]
    public void Fingerprint_is_64_lower_case_hex_characters()
    {
        Baseline.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void Fingerprint_is_the_sha256_of_the_canonical_form()
    {
        FeatureContract<ToyView> contract = Build(new Spec());

        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(contract.CanonicalForm)));
        contract.Fingerprint.Should().Be(expected);
    }

    [Fact]
    public void Fingerprint_is_stable_across_independent_builds_of_the_same_definition()
    {
        Fingerprint(new Spec()).Should().Be(Fingerprint(new Spec()));
        Build(new Spec()).CanonicalForm.Should().Be(Build(new Spec()).CanonicalForm);
    }

    // ---- what the fingerprint must notice -----------------------------------------------------------

    [Fact]
    public void Fingerprint_changes_when_a_range_bound_changes()
        => Fingerprint(new Spec { DistanceMax = 5001 }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_changes_when_a_range_bound_changes_in_the_last_bit()
        => Fingerprint(new Spec { DistanceMax = Math.BitIncrement(5000.0) }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_changes_when_the_out_of_range_action_changes()
        => Fingerprint(new Spec { DistanceClamps = true }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_changes_when_a_vocabulary_entry_changes()
        => Fingerprint(new Spec { Vocabulary = ["northline", "westway"] }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_changes_when_a_vocabulary_entry_is_added()
        => Fingerprint(new Spec { Vocabulary = ["northline", "eastway", "westway"] }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_changes_when_the_vocabulary_order_changes()
        => Fingerprint(new Spec { Vocabulary = ["eastway", "northline"] }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_changes_when_the_unseen_bucket_changes()
        => Fingerprint(new Spec { UnseenBucket = "unknown" }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_changes_when_the_missing_rule_changes()
        => Fingerprint(new Spec { HoursRejectsIfMissing = true }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_changes_when_the_fill_value_changes()
        => Fingerprint(new Spec { HoursFill = 167 }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_changes_when_the_max_age_changes()
        => Fingerprint(new Spec { BacklogMaxAge = Duration.FromHours(6) + Duration.FromTicks(1) }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_changes_when_the_source_changes()
    {
        ValueSource<ToyView, double> renamed = ValueSource.Numeric<ToyView>("toy.distance_v2", [DistanceField], v => v.Distance);

        Fingerprint(new Spec { DistanceSource = renamed }).Should().NotBe(Baseline);
    }

    [Fact]
    public void Fingerprint_changes_when_the_sources_inputs_change_under_the_same_source_name()
    {
        ValueSource<ToyView, double> otherInput = ValueSource.Numeric<ToyView>(
            "toy.distance", [InputField.Predictor("order_placed", "route_km")], v => v.Distance);

        Fingerprint(new Spec { DistanceSource = otherInput }).Should().NotBe(Baseline);
    }

    [Fact]
    public void Fingerprint_changes_when_an_inputs_declared_absence_meaning_changes()
    {
        ValueSource<ToyView, double> declared = ValueSource.Numeric<ToyView>(
            "toy.distance", [DistanceField.AbsenceMeaning(false)], v => v.Distance);

        Fingerprint(new Spec { DistanceSource = declared }).Should().NotBe(Baseline);
    }

    [Fact]
    public void Fingerprint_changes_when_the_feature_order_changes()
        => Fingerprint(new Spec { DistanceFirst = false }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_changes_when_the_indicator_name_changes()
        => Fingerprint(new Spec { BacklogIndicator = "backlog_absent" }).Should().NotBe(Baseline);

    [Fact]
    public void Fingerprint_does_not_change_when_the_indicator_name_is_spelled_out_as_its_default()
        => Fingerprint(new Spec { BacklogIndicator = "origin_backlog_missing" }).Should().Be(Baseline);

    [Property]
    public bool Fingerprints_of_two_max_ages_are_equal_iff_the_durations_are_equal(PositiveInt a, PositiveInt b)
    {
        string fa = Fingerprint(new Spec { BacklogMaxAge = Duration.FromTicks(a.Get) });
        string fb = Fingerprint(new Spec { BacklogMaxAge = Duration.FromTicks(b.Get) });

        return (fa == fb) == (a.Get == b.Get);
    }

    [Property]
    public bool Fingerprints_of_two_fill_values_are_equal_iff_the_values_are_equal(int a, int b)
    {
        // Fill values within the cap of 168, at a resolution of a hundredth of an hour.
        double fillA = (a % 16_800) / 100.0;
        double fillB = (b % 16_800) / 100.0;

        return (Fingerprint(new Spec { HoursFill = fillA }) == Fingerprint(new Spec { HoursFill = fillB })) == (fillA == fillB);
    }

    // ---- what the fingerprint must ignore --------------------------------------------------------------

    [Fact]
    public void Fingerprint_does_not_change_when_the_contract_version_changes()
        => Fingerprint(new Spec { Version = 2 }).Should().Be(Baseline);

    [Fact]
    public void Fingerprint_does_not_change_when_the_contract_description_changes()
    {
        Fingerprint(new Spec { ContractDescription = "first wording" }).Should().Be(Baseline);
        Fingerprint(new Spec { ContractDescription = "second wording" }).Should().Be(Baseline);
    }

    [Fact]
    public void Fingerprint_does_not_change_when_a_feature_description_changes()
    {
        Fingerprint(new Spec { FeatureDescription = "route distance" }).Should().Be(Baseline);
        Fingerprint(new Spec { FeatureDescription = "great-circle distance" }).Should().Be(Baseline);
    }

    [Fact]
    public void Fingerprint_does_not_change_when_the_contract_name_changes()
        => Fingerprint(new Spec { Name = "late_delivery" }).Should().Be(Baseline);

    [Fact]
    public void Canonical_form_holds_no_description()
    {
        FeatureContract<ToyView> contract = Build(new Spec { ContractDescription = "zebra-contract-text", FeatureDescription = "zebra-feature-text" });

        contract.CanonicalForm.Should().NotContain("zebra");
    }
}
