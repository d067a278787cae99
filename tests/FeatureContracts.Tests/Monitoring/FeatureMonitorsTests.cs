using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Monitoring;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Monitoring;

public sealed class FeatureMonitorsTests
{
    [Fact]
    public void A_feature_without_monitors_gets_the_defaults_of_its_kind()
    {
        FeatureContract<ToyView> contract = Reference().Build();

        contract["distance_km"].Monitors.Should().Be(new FeatureMonitors { Drift = new DriftBands(0.1, 0.25) });
        contract["carrier"].Monitors.Should().Be(new FeatureMonitors { Drift = new DriftBands(0.05, 0.1) });
        contract["expedited"].Monitors.Should().Be(FeatureMonitors.DefaultFor(FeatureKind.Boolean));
        FeatureMonitors defaults = contract["expedited"].Monitors;
        defaults.MaxNullRate.Should().BeNull();
        defaults.NullRateAction.Should().Be(MonitorAction.FailClosed);
        defaults.MaxUnseenRate.Should().BeNull();
        defaults.MaxOutOfRangeRate.Should().BeNull();
        defaults.MaxFreshnessLag.Should().BeNull();
        defaults.MaxParityMismatchRate.Should().Be(0);
        defaults.Drift.Should().Be(DriftBands.JensenShannonDefault);
    }

    [Fact]
    public void Declared_thresholds_land_on_the_definition()
    {
        FeatureContract<ToyView> contract = Define()
            .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000)
                .Monitor(m => m
                    .NullRateAbove(0.25, MonitorAction.FallBack)
                    .OutOfRangeRateAbove(0.02)
                    .FreshnessLagAbove(Duration.FromHours(3))
                    .ParityMismatchRateAbove(0.001)
                    .DriftBands(0.2, 0.4)))
            .Build();

        contract["origin_backlog"].Monitors.Should().Be(new FeatureMonitors
        {
            MaxNullRate = 0.25,
            NullRateAction = MonitorAction.FallBack,
            MaxOutOfRangeRate = 0.02,
            MaxFreshnessLag = Duration.FromHours(3),
            MaxParityMismatchRate = 0.001,
            Drift = new DriftBands(0.2, 0.4),
        });
    }

    [Fact]
    public void Monitors_are_not_part_of_the_fingerprint()
    {
        FeatureContract<ToyView> plain = Reference().Build();
        FeatureContract<ToyView> monitored = Define()
            .Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000).Monitor(m => m.NullRateAbove(0).OutOfRangeRateAbove(0.5)))
            .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000).MaxAge(Duration.FromHours(6))
                .Monitor(m => m.FreshnessLagAbove(Duration.FromMinutes(1)).DriftBands(0, 1)))
            .Categorical("carrier", f => f.From(Carrier).Vocabulary("northline", "eastway").MapUnseenTo("other").RejectIfMissing().Monitor(m => m.UnseenRateAbove(1)))
            .Boolean("expedited", f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false).Monitor(m => m.ParityMismatchRateAbove(0.3)))
            .Build();

        monitored.Fingerprint.Should().Be(plain.Fingerprint);
        monitored.CanonicalForm.Should().Be(plain.CanonicalForm);
    }

    [Fact]
    public void Rates_outside_zero_to_one_or_NaN_are_reported_by_build_with_the_other_problems()
    {
        var problems = ProblemsOf(Define()
            .Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000)
                .Monitor(m => m.NullRateAbove(1.5).OutOfRangeRateAbove(double.NaN).ParityMismatchRateAbove(-0.1)))
            .Categorical("carrier", f => f.From(Carrier).Vocabulary("a").MapUnseenTo("other").RejectIfMissing().Monitor(m => m.UnseenRateAbove(2)))
            .Boolean("expedited", f => f.From(Expedited)));

        problems.Pairs().Should().Equal(
            ("distance_km", ContractProblemCode.InvalidMonitorRate),
            ("distance_km", ContractProblemCode.InvalidMonitorRate),
            ("distance_km", ContractProblemCode.InvalidMonitorRate),
            ("carrier", ContractProblemCode.InvalidMonitorRate),
            ("expedited", ContractProblemCode.MissingRuleNotDeclared));
        problems[0].Message.Should().Contain("null-rate limit 1.5 is not a rate in [0, 1]");
        problems[1].Message.Should().Contain("out-of-range-rate limit NaN");
    }

    [Theory]
    [InlineData(-0.1, 0.2)]
    [InlineData(0.2, 0.2)]
    [InlineData(0.3, 0.2)]
    [InlineData(double.NaN, 0.2)]
    [InlineData(0.1, double.NaN)]
    public void Drift_bands_need_zero_at_most_warn_below_fail(double warn, double fail)
        => ProblemsOf(Define().Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 1).Monitor(m => m.DriftBands(warn, fail))))
            .Pairs().Should().Equal(("distance_km", ContractProblemCode.InvalidDriftBands));

    [Fact]
    public void Zero_warn_band_is_allowed()
        => NumericContract(f => f.From(Distance).RejectIfMissing().RejectOutside(0, 1).Monitor(m => m.DriftBands(0, 0.1)))["distance_km"]
            .Monitors.Drift.Should().Be(new DriftBands(0, 0.1));

    [Fact]
    public void A_non_positive_freshness_lag_is_a_problem()
        => ProblemsOf(Define().Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 1).Monitor(m => m.FreshnessLagAbove(Duration.Zero))))
            .Should().ContainSingle().Which.Should().Match<ContractProblem>(p => p.Code == ContractProblemCode.NonPositiveFreshnessLag && p.Message.Contains("PT0S"));

    [Theory]
    [InlineData(MonitorAction.None)]
    [InlineData(MonitorAction.InvestigateSource)]
    [InlineData(MonitorAction.RepairFeaturePath)]
    public void A_null_rate_can_only_fail_closed_or_fall_back(MonitorAction action)
        => ProblemsOf(Define().Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 1).Monitor(m => m.NullRateAbove(0.1, action))))
            .Pairs().Should().Equal(("distance_km", ContractProblemCode.InvalidNullRateAction));

    [Fact]
    public void Unseen_applies_to_categorical_features_and_out_of_range_to_numeric_ones()
    {
        var problems = ProblemsOf(Define()
            .Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 1).Monitor(m => m.UnseenRateAbove(0.1)))
            .Categorical("carrier", f => f.From(Carrier).Vocabulary("a").MapUnseenTo("other").RejectIfMissing().Monitor(m => m.OutOfRangeRateAbove(0.1)))
            .Boolean("expedited", f => f.From(Expedited).RejectIfMissing().Monitor(m => m.UnseenRateAbove(0.1).OutOfRangeRateAbove(0.1))));

        problems.Pairs().Should().Equal(
            ("distance_km", ContractProblemCode.MonitorNotApplicable),
            ("carrier", ContractProblemCode.MonitorNotApplicable),
            ("expedited", ContractProblemCode.MonitorNotApplicable),
            ("expedited", ContractProblemCode.MonitorNotApplicable));
        problems.Select(p => p.Path).Should().AllSatisfy(p => p.Should().BeNull("a contract defined in code has no file path"));
    }

    [Fact]
    public void Monitors_declared_twice_or_a_threshold_set_twice_are_problems()
        => ProblemsOf(Define()
                .Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 1)
                    .Monitor(m => m.NullRateAbove(0.1))
                    .Monitor(m => m.NullRateAbove(0.1).NullRateAbove(0.2))))
            .Select(p => p.Message).Should().Equal("the monitors are declared twice", "the null-rate limit is declared twice");
}
