using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Evolution;
using FeatureContracts.Sources;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Evolution;

public sealed class ContractDiffTests
{
    /// <summary>Every knob of a contract shaped like late_delivery v1; the defaults describe the baseline.</summary>
    private sealed record Spec
    {
        public string Name { get; init; } = "toy";

        public int Version { get; init; } = 1;

        public string? ContractDescription { get; init; }

        public double DistanceMin { get; init; } = 0.1;

        public double DistanceMax { get; init; } = 20_000;

        public bool DistanceClamps { get; init; }

        public ValueSource<ToyView, double> DistanceSource { get; init; } = Distance;

        public string? DistanceDescription { get; init; }

        public bool DistanceFirst { get; init; } = true;

        public double HoursCap { get; init; } = 168;

        public double? HoursFill { get; init; } = 168;

        public Duration? BacklogMaxAge { get; init; } = Duration.FromHours(6);

        public string? BacklogIndicator { get; init; }

        public IReadOnlyList<string> Vocabulary { get; init; } = ["northline", "swiftpost", "bluefreight"];

        /// <summary>The unseen bucket; <see langword="null"/> rejects unseen codes.</summary>
        public string? UnseenBucket { get; init; } = "other";

        public double? CarrierMaxNullRate { get; init; } = 0.01;

        public bool HasExpedited { get; init; } = true;

        public bool ExpeditedIsNumeric { get; init; }

        public bool HasExtra { get; init; }
    }

    private static readonly ValueSource<ToyView, double> Hours =
        ValueSource.Numeric<ToyView>("toy.hours_since_last_scan", [InputField.Predictor("scan", "occurred_at")], v => v.Distance);

    private static readonly ValueSource<ToyView, double> ExpeditedNumber =
        ValueSource.Numeric<ToyView>("toy.expedited_score", [InputField.Predictor("order_placed", "service_level")], v => v.Distance);

    private static readonly ValueSource<ToyView, double> RouteDistance =
        ValueSource.Numeric<ToyView>("toy.route_distance", [DistanceField], v => v.Distance);

    private static readonly ValueSource<ToyView, double> DistanceFromRouteKm =
        ValueSource.Numeric<ToyView>("toy.distance", [InputField.Predictor("order_placed", "route_km")], v => v.Distance);

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
            _ = spec.DistanceClamps ? f.ClampTo(spec.DistanceMin, spec.DistanceMax) : f.RejectOutside(spec.DistanceMin, spec.DistanceMax);
            if (spec.DistanceDescription is { } text)
            {
                f.Describe(text);
            }
        });

        void AddHours() => builder.Numeric("hours_since_last_scan", f =>
        {
            f.From(Hours).CapAt(spec.HoursCap);
            _ = spec.HoursFill is { } fill ? f.FillMissingWith(fill) : f.RejectIfMissing();
        });

        if (spec.DistanceFirst)
        {
            AddDistance();
            AddHours();
        }
        else
        {
            AddHours();
            AddDistance();
        }

        builder.Numeric("origin_backlog", f =>
        {
            f.From(Backlog).EmitMissingWithIndicator(spec.BacklogIndicator).RejectOutside(0, 1_000_000);
            if (spec.BacklogMaxAge is { } maxAge)
            {
                f.MaxAge(maxAge);
            }
        });
        builder.Categorical("carrier", f =>
        {
            f.From(Carrier).Vocabulary(spec.Vocabulary).RejectIfMissing();
            _ = spec.UnseenBucket is { } bucket ? f.MapUnseenTo(bucket) : f.RejectUnseen();
            if (spec.CarrierMaxNullRate is { } limit)
            {
                f.Monitor(m => m.NullRateAbove(limit));
            }
        });
        if (spec.HasExpedited && spec.ExpeditedIsNumeric)
        {
            builder.Numeric("expedited", f => f.From(ExpeditedNumber).FillMissingWith(0).RejectOutside(0, 1));
        }
        else if (spec.HasExpedited)
        {
            builder.Boolean("expedited", f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false));
        }

        if (spec.HasExtra)
        {
            builder.Numeric("extra", f => f.From(Distance).FillMissingWith(0).ClampTo(0, 10));
        }

        return builder.Build();
    }

    private static readonly Spec Baseline = new();

    private static ContractDiff Diff(Spec changed) => ContractDiff.Compare(Build(Baseline), Build(changed));

    private static ContractChange Single(Spec changed)
    {
        ContractDiff diff = Diff(changed);
        return diff.Changes.Should().ContainSingle("only one thing changed, but the diff lists {0}", string.Join("; ", diff.Changes)).Subject;
    }

    // ---- the verdict ----------------------------------------------------------------------------------------------

    [Fact]
    public void A_contract_compared_with_an_independent_build_of_itself_has_no_changes()
    {
        ContractDiff diff = Diff(Baseline);

        diff.Changes.Should().BeEmpty();
        diff.HasBreakingChanges.Should().BeFalse();
        diff.FingerprintChanged.Should().BeFalse();
        diff.VersionBumped.Should().BeFalse();
        diff.BreakingWithoutVersionBump.Should().BeFalse();
        diff.Name.Should().Be("toy");
    }

    [Fact]
    public void A_breaking_change_without_a_version_bump_is_flagged()
    {
        ContractDiff diff = Diff(Baseline with { BacklogMaxAge = Duration.FromHours(2) });

        diff.HasBreakingChanges.Should().BeTrue();
        diff.FingerprintChanged.Should().BeTrue();
        diff.VersionBumped.Should().BeFalse();
        diff.BreakingWithoutVersionBump.Should().BeTrue();
    }

    [Fact]
    public void A_breaking_change_with_a_greater_version_is_not_flagged()
    {
        ContractDiff diff = Diff(Baseline with { BacklogMaxAge = Duration.FromHours(2), Version = 2 });

        diff.HasBreakingChanges.Should().BeTrue();
        diff.VersionBumped.Should().BeTrue();
        diff.BreakingWithoutVersionBump.Should().BeFalse();
        (diff.OldVersion, diff.NewVersion).Should().Be((1, 2));
    }

    [Fact]
    public void A_lower_version_is_not_a_bump()
    {
        ContractDiff diff = ContractDiff.Compare(
            Build(Baseline with { Version = 3 }), Build(Baseline with { Version = 2, BacklogMaxAge = Duration.FromHours(2) }));

        diff.VersionBumped.Should().BeFalse();
        diff.BreakingWithoutVersionBump.Should().BeTrue();
    }

    [Fact]
    public void A_version_bump_alone_changes_nothing()
    {
        ContractDiff diff = Diff(Baseline with { Version = 2 });

        diff.Changes.Should().BeEmpty();
        diff.VersionBumped.Should().BeTrue();
        diff.FingerprintChanged.Should().BeFalse();
    }

    [Fact]
    public void Contracts_with_different_names_are_refused_naming_both()
    {
        Action compare = () => ContractDiff.Compare(Build(Baseline), Build(Baseline with { Name = "late_delivery" }));

        compare.Should().Throw<ArgumentException>()
            .WithMessage("*'toy' v1 and 'late_delivery' v1 are different contracts*");
    }

    // ---- compatible: outside the fingerprint ----------------------------------------------------------------------

    [Fact]
    public void A_changed_monitor_threshold_is_compatible_because_monitors_are_not_in_the_fingerprint()
    {
        ContractDiff diff = Diff(Baseline with { CarrierMaxNullRate = 0.05 });
        ContractChange change = diff.Changes.Should().ContainSingle().Subject;

        change.Should().BeEquivalentTo(new { Feature = "carrier", Aspect = ChangeAspect.Monitors, Impact = ChangeImpact.Compatible, Old = "max_null_rate 0.01", New = "max_null_rate 0.05" });
        change.Reason.Should().Contain("not part of the fingerprint");
        diff.FingerprintChanged.Should().BeFalse();
        diff.HasBreakingChanges.Should().BeFalse();
    }

    [Fact]
    public void A_removed_monitor_threshold_shows_as_none()
    {
        ContractChange change = Single(Baseline with { CarrierMaxNullRate = null });

        (change.Old, change.New).Should().Be(("max_null_rate 0.01", "max_null_rate none"));
    }

    [Fact]
    public void A_changed_feature_description_is_compatible()
    {
        ContractChange change = Single(Baseline with { DistanceDescription = "Great-circle distance." });

        change.Should().BeEquivalentTo(new { Feature = "distance_km", Aspect = ChangeAspect.Description, Impact = ChangeImpact.Compatible, Old = "none", New = "\"Great-circle distance.\"" });
    }

    [Fact]
    public void A_changed_contract_description_is_compatible_and_names_no_feature()
    {
        ContractChange change = Single(Baseline with { ContractDescription = "Late or not?" });

        change.Should().BeEquivalentTo(new { Feature = (string?)null, Aspect = ChangeAspect.Description, Impact = ChangeImpact.Compatible });
    }

    // ---- breaking: the column layout ------------------------------------------------------------------------------

    [Fact]
    public void An_added_feature_is_breaking_because_the_vector_layout_changes()
    {
        ContractChange change = Single(Baseline with { HasExtra = true });

        change.Should().BeEquivalentTo(new { Feature = "extra", Aspect = ChangeAspect.FeatureAdded, Impact = ChangeImpact.Breaking, Old = "none", New = "numeric from toy.distance" });
        change.Reason.Should().Contain("layout");
    }

    [Fact]
    public void A_removed_feature_is_breaking()
    {
        ContractChange change = Single(Baseline with { HasExpedited = false });

        change.Should().BeEquivalentTo(new { Feature = "expedited", Aspect = ChangeAspect.FeatureRemoved, Impact = ChangeImpact.Breaking, Old = "boolean from toy.expedited", New = "none" });
    }

    [Fact]
    public void Swapped_features_are_breaking_for_a_model_that_reads_by_position()
    {
        ContractDiff diff = Diff(Baseline with { DistanceFirst = false });

        // distance_km was the 1st of the five kept features and is now the 2nd; hours_since_last_scan the reverse.
        diff.Changes.Select(c => (c.Feature, c.Aspect, c.Impact, c.Old, c.New)).Should().Equal(
            ("hours_since_last_scan", ChangeAspect.Position, ChangeImpact.Breaking, "2 of 5", "1 of 5"),
            ("distance_km", ChangeAspect.Position, ChangeImpact.Breaking, "1 of 5", "2 of 5"));
    }

    [Fact]
    public void A_changed_kind_is_breaking_and_no_row_aspect_of_the_two_kinds_is_compared()
    {
        ContractDiff diff = Diff(Baseline with { ExpeditedIsNumeric = true });

        // The numeric feature reads another source, fills instead of defaulting and has a range; none of that is
        // listed. Its default monitors differ too (PSI bands 0.1/0.25 against the JS bands 0.05/0.1 of a boolean).
        diff.Changes.Select(c => (c.Feature, c.Aspect, c.Impact, c.Old, c.New)).Should().Equal(
            ("expedited", ChangeAspect.Kind, ChangeImpact.Breaking, "boolean", "numeric"),
            ("expedited", ChangeAspect.Monitors, ChangeImpact.Compatible, "drift_warn 0.05, drift_fail 0.1", "drift_warn 0.1, drift_fail 0.25"));
    }

    // ---- breaking: sources ----------------------------------------------------------------------------------------

    [Fact]
    public void A_changed_value_source_is_breaking()
    {
        ContractChange change = Single(Baseline with { DistanceSource = RouteDistance });

        change.Should().BeEquivalentTo(new { Feature = "distance_km", Aspect = ChangeAspect.Source, Impact = ChangeImpact.Breaking, Old = "toy.distance", New = "toy.route_distance" });
    }

    [Fact]
    public void Other_inputs_under_the_same_source_name_are_breaking()
    {
        ContractChange change = Single(Baseline with { DistanceSource = DistanceFromRouteKm });

        change.Should().BeEquivalentTo(new { Feature = "distance_km", Aspect = ChangeAspect.Inputs, Impact = ChangeImpact.Breaking, Old = "order_placed.distance_km", New = "order_placed.route_km" });
    }

    // ---- breaking: ranges -----------------------------------------------------------------------------------------

    [Fact]
    public void A_narrowed_reject_range_is_breaking_because_rows_that_passed_are_now_rejected()
    {
        ContractChange change = Single(Baseline with { DistanceMax = 10_000 });

        change.Should().BeEquivalentTo(new { Feature = "distance_km", Aspect = ChangeAspect.Range, Impact = ChangeImpact.Breaking, Old = "[0.1, 20000] reject", New = "[0.1, 10000] reject" });
        change.Reason.Should().Contain("used to pass and now reject the row");
    }

    [Fact]
    public void A_widened_reject_range_is_breaking_because_the_model_never_saw_the_values_it_now_lets_through()
    {
        ContractChange change = Single(Baseline with { DistanceMin = 0 });

        change.Should().BeEquivalentTo(new { Aspect = ChangeAspect.Range, Impact = ChangeImpact.Breaking, Old = "[0.1, 20000] reject", New = "[0, 20000] reject" });
        change.Reason.Should().Contain("never saw them in training");
    }

    [Fact]
    public void A_shifted_range_is_breaking()
    {
        ContractChange change = Single(Baseline with { DistanceMin = 1, DistanceMax = 30_000 });

        change.Impact.Should().Be(ChangeImpact.Breaking);
        change.Reason.Should().StartWith("the range moved");
    }

    [Fact]
    public void Reject_to_clamp_is_breaking_because_rows_the_model_never_saw_are_now_scored()
    {
        ContractChange change = Single(Baseline with { DistanceClamps = true });

        change.Should().BeEquivalentTo(new { Aspect = ChangeAspect.RangeAction, Impact = ChangeImpact.Breaking, Old = "[0.1, 20000] reject", New = "[0.1, 20000] clamp" });
        change.Reason.Should().Contain("now clamped").And.NotContain("bounds moved");
    }

    [Fact]
    public void Clamp_to_reject_with_moved_bounds_is_one_range_action_change_that_says_the_bounds_moved_too()
    {
        ContractDiff diff = ContractDiff.Compare(Build(Baseline with { DistanceClamps = true }), Build(Baseline with { DistanceMax = 100 }));
        ContractChange change = diff.Changes.Should().ContainSingle().Subject;

        change.Should().BeEquivalentTo(new { Aspect = ChangeAspect.RangeAction, Old = "[0.1, 20000] clamp", New = "[0.1, 100] reject" });
        change.Reason.Should().Contain("now reject the row").And.EndWith("and the bounds moved");
    }

    [Fact]
    public void A_lowered_cap_is_breaking_because_values_that_passed_are_now_clamped()
    {
        ContractDiff diff = ContractDiff.Compare(Build(Baseline with { HoursCap = 336 }), Build(Baseline));
        ContractChange change = diff.Changes.Should().ContainSingle().Subject;

        change.Should().BeEquivalentTo(new { Feature = "hours_since_last_scan", Aspect = ChangeAspect.Range, Impact = ChangeImpact.Breaking, Old = "[-Infinity, 336] clamp", New = "[-Infinity, 168] clamp" });
        change.Reason.Should().Contain("narrower cap");
    }

    [Fact]
    public void A_raised_cap_is_breaking_because_the_model_learned_the_old_cap_as_that_much_or_more()
    {
        ContractChange change = Single(Baseline with { HoursCap = 336 });

        change.Impact.Should().Be(ChangeImpact.Breaking);
        change.Reason.Should().Contain("'that much or more'");
    }

    [Fact]
    public void A_bound_that_only_changes_the_sign_of_zero_is_reported_but_compatible()
    {
        ContractDiff diff = ContractDiff.Compare(Build(Baseline with { DistanceMin = 0.0 }), Build(Baseline with { DistanceMin = -0.0 }));
        ContractChange change = diff.Changes.Should().ContainSingle().Subject;

        diff.FingerprintChanged.Should().BeTrue("the canonical form spells -0 and 0 differently");
        change.Should().BeEquivalentTo(new { Aspect = ChangeAspect.Range, Impact = ChangeImpact.Compatible, Old = "[0, 20000] reject", New = "[-0, 20000] reject" });
    }

    // ---- breaking: vocabularies and unseen codes ------------------------------------------------------------------

    [Fact]
    public void An_added_vocabulary_code_is_breaking_because_rows_the_model_saw_as_other_get_their_own_slot()
    {
        ContractChange change = Single(Baseline with { Vocabulary = ["northline", "swiftpost", "bluefreight", "parcelwing"] });

        change.Should().BeEquivalentTo(new { Feature = "carrier", Aspect = ChangeAspect.Vocabulary, Impact = ChangeImpact.Breaking, Old = "none", New = "parcelwing" });
        change.Reason.Should().Contain("which mapped to the 'other' bucket before");
    }

    [Fact]
    public void A_removed_vocabulary_code_is_breaking_because_its_rows_now_count_as_unseen()
    {
        ContractChange change = Single(Baseline with { Vocabulary = ["northline", "bluefreight"] });

        change.Should().BeEquivalentTo(new { Aspect = ChangeAspect.Vocabulary, Impact = ChangeImpact.Breaking, Old = "swiftpost", New = "none" });
        change.Reason.Should().Contain("now count as unseen (mapped to the 'other' bucket)");
    }

    [Fact]
    public void A_reordered_vocabulary_is_breaking_because_each_slot_means_another_code()
    {
        ContractChange change = Single(Baseline with { Vocabulary = ["swiftpost", "northline", "bluefreight"] });

        change.Should().BeEquivalentTo(new
        {
            Aspect = ChangeAspect.VocabularyOrder, Impact = ChangeImpact.Breaking,
            Old = "northline, swiftpost, bluefreight", New = "swiftpost, northline, bluefreight",
        });
    }

    [Fact]
    public void An_added_code_in_the_middle_does_not_count_as_a_reorder()
    {
        ContractDiff diff = Diff(Baseline with { Vocabulary = ["northline", "parcelwing", "swiftpost", "bluefreight"] });

        diff.Changes.Select(c => c.Aspect).Should().Equal(ChangeAspect.Vocabulary);
    }

    [Fact]
    public void Map_unseen_to_reject_is_breaking()
    {
        ContractChange change = Single(Baseline with { UnseenBucket = null });

        change.Should().BeEquivalentTo(new { Aspect = ChangeAspect.Unseen, Impact = ChangeImpact.Breaking, Old = "map_to_bucket other", New = "reject" });
        change.Reason.Should().Contain("now reject the row");
    }

    [Fact]
    public void A_renamed_unseen_bucket_is_breaking()
    {
        ContractChange change = Single(Baseline with { UnseenBucket = "unknown" });

        change.Should().BeEquivalentTo(new { Aspect = ChangeAspect.Unseen, Impact = ChangeImpact.Breaking, Old = "map_to_bucket other", New = "map_to_bucket unknown" });
    }

    [Fact]
    public void An_added_code_under_a_reject_policy_says_its_rows_used_to_be_rejected()
    {
        ContractDiff diff = ContractDiff.Compare(
            Build(Baseline with { UnseenBucket = null }), Build(Baseline with { UnseenBucket = null, Vocabulary = ["northline", "swiftpost", "bluefreight", "parcelwing"] }));

        diff.Changes.Should().ContainSingle().Which.Reason.Should().Contain("which rejected the row before");
    }

    // ---- breaking: missing values and time ------------------------------------------------------------------------

    [Fact]
    public void A_changed_missing_rule_is_breaking()
    {
        ContractChange change = Single(Baseline with { HoursFill = null });

        change.Should().BeEquivalentTo(new { Feature = "hours_since_last_scan", Aspect = ChangeAspect.MissingRule, Impact = ChangeImpact.Breaking, Old = "fill 168", New = "reject_row" });
        change.Reason.Should().Contain("was filled with 168 before and rejected the row now");
    }

    [Fact]
    public void A_changed_fill_value_is_breaking()
    {
        ContractChange change = Single(Baseline with { HoursFill = 167.5 });

        change.Should().BeEquivalentTo(new { Aspect = ChangeAspect.FillValue, Impact = ChangeImpact.Breaking, Old = "168", New = "167.5" });
    }

    [Fact]
    public void A_renamed_indicator_is_breaking()
    {
        ContractChange change = Single(Baseline with { BacklogIndicator = "backlog_absent" });

        change.Should().BeEquivalentTo(new { Feature = "origin_backlog", Aspect = ChangeAspect.Indicator, Impact = ChangeImpact.Breaking, Old = "origin_backlog_missing", New = "backlog_absent" });
    }

    [Fact]
    public void An_indicator_spelled_out_as_its_default_is_no_change()
        => Diff(Baseline with { BacklogIndicator = "origin_backlog_missing" }).Changes.Should().BeEmpty();

    [Fact]
    public void A_shorter_max_age_is_breaking_because_values_the_model_saw_as_present_are_now_missing()
    {
        ContractChange change = Single(Baseline with { BacklogMaxAge = Duration.FromHours(2) });

        change.Should().BeEquivalentTo(new { Aspect = ChangeAspect.MaxAge, Impact = ChangeImpact.Breaking, Old = "PT6H", New = "PT2H" });
        change.Reason.Should().Be("values between PT2H and PT6H old, which the model saw as present, are now missing");
    }

    [Fact]
    public void A_longer_max_age_is_breaking_because_values_the_model_saw_as_missing_are_now_present()
    {
        ContractChange change = Single(Baseline with { BacklogMaxAge = Duration.FromHours(12) });

        change.Reason.Should().Be("values between PT6H and PT12H old, which the model saw as missing, are now present");
    }

    [Fact]
    public void A_dropped_max_age_is_breaking()
    {
        ContractChange change = Single(Baseline with { BacklogMaxAge = null });

        change.Should().BeEquivalentTo(new { Aspect = ChangeAspect.MaxAge, Old = "PT6H", New = "none" });
        change.Reason.Should().Contain("now reach it as present, however stale");
    }

    // ---- over all generated contracts -----------------------------------------------------------------------------

    private static int Pick(int[] knobs, int index, int options)
        => knobs is { } k && index < k.Length ? ((k[index] % options) + options) % options : 0;

    /// <summary>A contract from the knobs: each knob picks one of a few values, 0 the baseline's.</summary>
    private static Spec FromKnobs(int[] k) => new()
    {
        Version = 1 + Pick(k, 0, 2),
        ContractDescription = Pick(k, 1, 2) == 0 ? null : "described",
        DistanceMin = new[] { 0.1, 0, 1 }[Pick(k, 2, 3)],
        DistanceMax = new[] { 20_000.0, 10_000, 30_000 }[Pick(k, 3, 3)],
        DistanceClamps = Pick(k, 4, 2) == 1,
        DistanceSource = new[] { Distance, RouteDistance, DistanceFromRouteKm }[Pick(k, 5, 3)],
        DistanceDescription = Pick(k, 6, 2) == 0 ? null : "described",
        DistanceFirst = Pick(k, 7, 2) == 0,
        HoursCap = new[] { 168.0, 200, 336 }[Pick(k, 8, 3)],
        HoursFill = new double?[] { 168, 0, null }[Pick(k, 9, 3)],
        BacklogMaxAge = new Duration?[] { Duration.FromHours(6), Duration.FromHours(2), null }[Pick(k, 10, 3)],
        BacklogIndicator = new[] { null, "origin_backlog_missing", "backlog_absent" }[Pick(k, 11, 3)],
        Vocabulary = new IReadOnlyList<string>[] { ["northline", "swiftpost", "bluefreight"], ["swiftpost", "northline"], ["northline", "swiftpost", "bluefreight", "parcelwing"] }[Pick(k, 12, 3)],
        UnseenBucket = new[] { "other", "unknown", null }[Pick(k, 13, 3)],
        CarrierMaxNullRate = new double?[] { 0.01, 0.05, null }[Pick(k, 14, 3)],
        HasExpedited = Pick(k, 15, 3) != 2,
        ExpeditedIsNumeric = Pick(k, 15, 3) == 1,
        HasExtra = Pick(k, 16, 2) == 1,
    };

    [Property(MaxTest = 300)]
    public bool Any_generated_contract_compared_with_itself_has_no_changes(int[] knobs)
    {
        Spec spec = FromKnobs(knobs);

        return ContractDiff.Compare(Build(spec), Build(spec)).Changes.IsEmpty;
    }

    [Property(MaxTest = 500)]
    public Property Every_change_to_the_fingerprint_shows_as_a_breaking_change_and_nothing_else_does(int[] a, int[] b)
    {
        FeatureContract<ToyView> old = Build(FromKnobs(a));
        FeatureContract<ToyView> @new = Build(FromKnobs(b));
        ContractDiff diff = ContractDiff.Compare(old, @new);

        bool fingerprintsDiffer = old.Fingerprint != @new.Fingerprint;
        return (diff.HasBreakingChanges == fingerprintsDiffer
                && (!fingerprintsDiffer || !diff.Changes.IsEmpty)
                && diff.BreakingWithoutVersionBump == (fingerprintsDiffer && @new.Version <= old.Version))
            .Label($"fingerprints differ: {fingerprintsDiffer}; changes: {string.Join("; ", diff.Changes)}")
            .Classify(fingerprintsDiffer, "fingerprints differ");
    }
}
