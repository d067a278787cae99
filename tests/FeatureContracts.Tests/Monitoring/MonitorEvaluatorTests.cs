using System;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Monitoring;
using FeatureContracts.Rows;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Monitoring;

public sealed class MonitorEvaluatorTests
{
    private static readonly FeatureContract<ToyView> Contract = Define()
        .Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000)
            .Monitor(m => m.NullRateAbove(0.01).OutOfRangeRateAbove(0.1)))
        .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000)
            .Monitor(m => m.NullRateAbove(0.25, MonitorAction.FallBack).FreshnessLagAbove(Duration.FromHours(3))))
        .Categorical("carrier", f => f.From(Carrier).Vocabulary("northline").MapUnseenTo("other").RejectIfMissing()
            .Monitor(m => m.UnseenRateAbove(0.05)))
        .Boolean("expedited", f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false))
        .Build();

    private static FeatureMeasures Feature(
        string name, FeatureKind kind, long rows, long noValue = 0, long unseen = 0, long outOfRange = 0, FreshnessSummary? freshness = null)
        => new(name, kind, rows, noValue, Rate(noValue, rows), unseen, Rate(unseen, rows), outOfRange, Rate(outOfRange, rows), freshness);

    private static double? Rate(long count, long rows) => rows == 0 ? null : (double)count / rows;

    private static MonitorMeasures Measures(
        long rows, long distanceNoValue = 0, long distanceOutOfRange = 0, long backlogNoValue = 0, FreshnessSummary? backlogFreshness = null, long unseen = 0)
        => new(rows, rows, rows, ImmutableSortedDictionary<string, long>.Empty,
        [
            Feature("distance_km", FeatureKind.Numeric, rows, noValue: distanceNoValue, outOfRange: distanceOutOfRange),
            Feature("origin_backlog", FeatureKind.Numeric, rows, noValue: backlogNoValue, freshness: backlogFreshness),
            Feature("carrier", FeatureKind.Categorical, rows, unseen: unseen),
            Feature("expedited", FeatureKind.Boolean, rows),
        ]);

    private static FreshnessSummary Lags(long count, Duration p95) => new(count, p95, p95, p95);

    [Fact]
    public void Only_declared_thresholds_make_checks_and_all_pass_within_limits()
    {
        MonitorVerdict verdict = MonitorEvaluator.Evaluate(Contract, Measures(100, distanceNoValue: 1, backlogNoValue: 25, backlogFreshness: Lags(100, Duration.FromHours(3)), unseen: 5));

        verdict.Overall.Should().Be(Verdict.Pass);
        verdict.Features.Select(f => f.Checks.Select(c => c.Check)).Should().BeEquivalentTo(
            new[]
            {
                new[] { MonitorCheck.NullRate, MonitorCheck.OutOfRangeRate },
                new[] { MonitorCheck.NullRate, MonitorCheck.Freshness },
                new[] { MonitorCheck.UnseenRate },
                Array.Empty<MonitorCheck>(),
            },
            o => o.WithStrictOrdering());
        verdict.Features.SelectMany(f => f.Checks).Should().AllSatisfy(c => c.Action.Should().Be(MonitorAction.None));
        verdict.Failing.Should().BeEmpty();
    }

    [Fact]
    public void A_rate_strictly_over_its_limit_fails_with_the_check_s_action()
    {
        // distance 2/100 > 1%; backlog 26/100 > 25%; carrier 6/100 > 5%; distance out of range 11/100 > 10%.
        MonitorVerdict verdict = MonitorEvaluator.Evaluate(Contract, Measures(100, distanceNoValue: 2, distanceOutOfRange: 11, backlogNoValue: 26, unseen: 6));

        verdict.Overall.Should().Be(Verdict.Fail);
        verdict.Failing.Select(c => (c.Feature, c.Check, c.Action, c.Measured, c.Limit)).Should().Equal(
            ("distance_km", MonitorCheck.NullRate, MonitorAction.FailClosed, 0.02, 0.01),
            ("distance_km", MonitorCheck.OutOfRangeRate, MonitorAction.InvestigateSource, 0.11, 0.1),
            ("origin_backlog", MonitorCheck.NullRate, MonitorAction.FallBack, 0.26, 0.25),
            ("carrier", MonitorCheck.UnseenRate, MonitorAction.CollectLabelsAndRetrain, 0.06, 0.05));
        verdict.Failing.First().Message.Should().Be("null rate 2% (2 of 100) is above the limit 1%");
        verdict.Features.Select(f => f.Verdict).Should().Equal(Verdict.Fail, Verdict.Fail, Verdict.Fail, Verdict.Pass);
    }

    [Fact]
    public void Freshness_fails_when_the_p95_is_over_the_limit_measured_in_seconds()
    {
        MonitorVerdict verdict = MonitorEvaluator.Evaluate(Contract, Measures(100, backlogFreshness: Lags(100, Duration.FromMinutes(181))));

        CheckResult freshness = verdict.Failing.Should().ContainSingle().Subject;
        freshness.Check.Should().Be(MonitorCheck.Freshness);
        freshness.Action.Should().Be(MonitorAction.PauseModelPromotions);
        freshness.Measured.Should().Be(181 * 60);
        freshness.Limit.Should().Be(3 * 3600);
        freshness.Message.Should().Be("freshness lag p95 PT3H1M (over 100 lags) is above the limit PT3H");
    }

    [Fact]
    public void Too_few_rows_pass_with_a_message_saying_so()
    {
        // Three rows, all without a distance: 100% is far over 1%, but three rows prove nothing.
        MonitorVerdict verdict = MonitorEvaluator.Evaluate(Contract, Measures(3, distanceNoValue: 3, backlogFreshness: Lags(3, Duration.FromDays(9))));

        verdict.Overall.Should().Be(Verdict.Pass);
        CheckResult nullRate = verdict.Features[0].Checks[0];
        nullRate.Verdict.Should().Be(Verdict.Pass);
        nullRate.Measured.Should().Be(1);
        nullRate.Message.Should().Be("not enough data: 3 rows, fewer than the 30 needed to judge");
        verdict.Features[1].Checks[1].Message.Should().StartWith("not enough data");
        MonitorEvaluator.Evaluate(Contract, Measures(3, distanceNoValue: 3), minimumRows: 3).Overall.Should().Be(Verdict.Fail);
    }

    [Fact]
    public void Drift_warns_at_the_warning_band_and_fails_at_the_failure_band()
    {
        static DriftResult Psi(double value, long count = 500) => new("distance_km", DriftMethod.PopulationStabilityIndex, value, 1000, count, []);

        Verdict Judge(DriftResult drift) => MonitorEvaluator.Evaluate(Contract, Measures(100), drift: [drift]).Features[0].Checks.Single(c => c.Check == MonitorCheck.Drift).Verdict;

        // Default PSI bands for a numeric feature: warn 0.1, fail 0.25, both inclusive.
        Judge(Psi(0.0999)).Should().Be(Verdict.Pass);
        Judge(Psi(0.1)).Should().Be(Verdict.Warn);
        Judge(Psi(0.2499)).Should().Be(Verdict.Warn);
        Judge(Psi(0.25)).Should().Be(Verdict.Fail);
        Judge(Psi(9, count: 29)).Should().Be(Verdict.Pass, "29 serving rows are fewer than 30");

        MonitorVerdict warned = MonitorEvaluator.Evaluate(Contract, Measures(100), drift: [Psi(0.2)]);
        warned.Overall.Should().Be(Verdict.Warn);
        warned.Warning.Single().Action.Should().Be(MonitorAction.InvestigateAndRetrain);
    }

    [Fact]
    public void Categorical_drift_is_judged_against_the_Jensen_Shannon_bands()
    {
        var drift = new DriftResult("carrier", DriftMethod.JensenShannon, 0.1, 1000, 1000, []);
        MonitorEvaluator.Evaluate(Contract, Measures(100), drift: [drift]).Features[2].Verdict.Should().Be(Verdict.Fail);
    }

    [Fact]
    public void Any_parity_mismatch_fails_by_default_and_too_few_comparisons_pass()
    {
        var one = new ParityResult("expedited", 1000, 1, []);
        var few = new ParityResult("carrier", 10, 10, []);

        MonitorVerdict verdict = MonitorEvaluator.Evaluate(Contract, Measures(100), parity: [one, few]);

        one.MismatchRate.Should().Be(0.001);
        CheckResult failing = verdict.Failing.Should().ContainSingle().Subject;
        (failing.Feature, failing.Check, failing.Action, failing.Limit).Should().Be(("expedited", MonitorCheck.Parity, MonitorAction.RepairFeaturePath, 0.0));
        verdict.Features[2].Checks.Single(c => c.Check == MonitorCheck.Parity).Verdict.Should().Be(Verdict.Pass);
        new ParityResult("x", 0, 0, []).MismatchRate.Should().BeNull();
    }

    [Fact]
    public void Results_for_features_the_contract_lacks_are_refused()
    {
        Action drift = () => MonitorEvaluator.Evaluate(Contract, Measures(100), drift: [new DriftResult("nope", DriftMethod.JensenShannon, 0, 1, 1, [])]);
        Action twice = () => MonitorEvaluator.Evaluate(Contract, Measures(100), parity: [new ParityResult("carrier", 1, 0, []), new ParityResult("carrier", 1, 0, [])]);
        Action otherMeasures = () => MonitorEvaluator.Evaluate(NumericContract(f => f.From(Distance).RejectIfMissing().RejectOutside(0, 1)), Measures(100));

        drift.Should().Throw<ArgumentException>().WithMessage("*'nope'*");
        twice.Should().Throw<ArgumentException>().WithMessage("*'carrier' has more than one result*");
        otherMeasures.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Measures_of_a_window_go_straight_into_the_evaluator()
    {
        var window = new MonitorWindow(Contract);
        for (int i = 0; i < 40; i++)
        {
            window.Add(RowObservation.Rejected([new RowRejection("distance_km", RejectionCode.MissingValue, null, "no distance")]));
        }

        MonitorEvaluator.Evaluate(Contract, window.Measure()).Failing.Select(c => (c.Feature, c.Check)).Should().Equal(("distance_km", MonitorCheck.NullRate));
    }
}
