using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Monitoring;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Monitoring;

public sealed class MonitorWindowTests
{
    // The reference contract's features, in order: distance_km, origin_backlog, carrier, expedited.
    private static readonly FeatureContract<ToyView> Contract = Reference().Build();

    private static Duration H(int hours) => Duration.FromHours(hours);

    private static CellObservation Cell(FeatureValue value, CellNotes notes = CellNotes.None, Duration? lag = null) => new(value, notes, lag);

    private static RowObservation Accepted(params CellObservation[] cells) => RowObservation.Accepted([.. cells]);

    private static RowObservation Rejected(params (string? Feature, RejectionCode Code)[] reasons)
        => RowObservation.Rejected([.. reasons.Select(r => new RowRejection(r.Feature, r.Code, null, "test"))]);

    /// <summary>Six requests worked by hand in <see cref="Measures_follow_the_documented_definitions"/>.</summary>
    private static readonly RowObservation[] Six =
    [
        // 1: backlog missing (indicator), carrier unseen and mapped, expedited defaulted by declared absence (a known value).
        Accepted(
            Cell(FeatureValue.Numeric(10), lag: H(1)),
            Cell(FeatureValue.Missing(FeatureKind.Numeric), CellNotes.Missing),
            Cell(FeatureValue.Categorical("other"), CellNotes.UnseenMapped, H(2)),
            Cell(FeatureValue.Bool(false), CellNotes.DefaultedByDeclaredAbsence)),

        // 2: backlog clamped.
        Accepted(
            Cell(FeatureValue.Numeric(20), lag: H(3)),
            Cell(FeatureValue.Numeric(1000), CellNotes.Clamped, H(5)),
            Cell(FeatureValue.Categorical("northline"), lag: H(4)),
            Cell(FeatureValue.Bool(true), lag: H(1))),

        // 3: distance missing and carrier unseen, both rejecting.
        Rejected(("distance_km", RejectionCode.MissingValue), ("carrier", RejectionCode.UnseenCategory)),

        // 4: a whole-row gate: the features were never evaluated.
        Rejected((null, RejectionCode.EntityNotKnown)),

        // 5: distance out of range.
        Rejected(("distance_km", RejectionCode.OutOfRange)),

        // 6: backlog beyond its max age (missing with indicator), with a lag.
        Accepted(
            Cell(FeatureValue.Numeric(30), lag: H(2)),
            Cell(FeatureValue.Missing(FeatureKind.Numeric), CellNotes.BeyondMaxAge | CellNotes.Missing, H(7)),
            Cell(FeatureValue.Categorical("eastway"), lag: H(4)),
            Cell(FeatureValue.Bool(false))),
    ];

    private static MonitorMeasures Measure(IEnumerable<RowObservation> observations, int? capacity = null)
    {
        var window = new MonitorWindow(Contract, capacity);
        foreach (RowObservation observation in observations)
        {
            window.Add(observation);
        }

        return window.Measure();
    }

    [Fact]
    public void Measures_follow_the_documented_definitions()
    {
        MonitorMeasures m = Measure(Six);

        // Requests: 6. Reached: all but request 4 (entity not known) = 5. Accepted: 1, 2, 6 = 3.
        m.Requests.Should().Be(6);
        m.Reached.Should().Be(5);
        m.Accepted.Should().Be(3);
        m.RejectionsByCode.Should().Equal(new Dictionary<string, long>
        {
            ["entity_not_known"] = 1,
            ["missing_value"] = 1,
            ["out_of_range"] = 1,
            ["unseen_category"] = 1,
        });
        m.RejectionsByCode.Keys.Should().BeInAscendingOrder(StringComparer.Ordinal);
        m.RejectionRate("missing_value").Should().Be(1.0 / 6);
        m.RejectionRate("not_finite").Should().Be(0);

        // distance_km: no value in request 3 only → 1/5; out of range in request 5 → 1/5; lags 1h, 3h, 2h sorted 1, 2, 3:
        // p50 at rank ⌈1.5⌉ = 2 → 2h; p95 at rank ⌈2.85⌉ = 3 → 3h.
        m.Features[0].Should().Be(new FeatureMeasures("distance_km", FeatureKind.Numeric, 5, 1, 0.2, 0, 0, 1, 0.2, new FreshnessSummary(3, H(2), H(3), H(3))));

        // origin_backlog: missing in 1, beyond max age in 6 → 2/5; clamped in 2 → 1/5; lags 5h, 7h: p50 rank 1, p95 rank ⌈1.9⌉ = 2.
        m.Features[1].Should().Be(new FeatureMeasures("origin_backlog", FeatureKind.Numeric, 5, 2, 0.4, 0, 0, 1, 0.2, new FreshnessSummary(2, H(5), H(7), H(7))));

        // carrier: unseen mapped in 1 and rejected in 3 → 2/5; lags 2h, 4h, 4h: p50 rank 2 → 4h.
        m.Features[2].Should().Be(new FeatureMeasures("carrier", FeatureKind.Categorical, 5, 0, 0, 2, 0.4, 0, 0, new FreshnessSummary(3, H(4), H(4), H(4))));

        // expedited: a declared-absence default is a known value; one lag.
        m.Features[3].Should().Be(new FeatureMeasures("expedited", FeatureKind.Boolean, 5, 0, 0, 0, 0, 0, 0, new FreshnessSummary(1, H(1), H(1), H(1))));
    }

    [Fact]
    public void An_empty_window_has_no_rates_and_no_freshness()
    {
        MonitorMeasures m = Measure([]);

        m.Requests.Should().Be(0);
        m.RejectionRate("missing_value").Should().BeNull();
        m.Features.Should().AllSatisfy(f =>
        {
            f.Rows.Should().Be(0);
            f.NullRate.Should().BeNull();
            f.UnseenRate.Should().BeNull();
            f.OutOfRangeRate.Should().BeNull();
            f.Freshness.Should().BeNull();
        });
    }

    [Fact]
    public void A_rejection_naming_no_contract_feature_is_a_whole_row_gate_and_not_finite_counts_as_out_of_range()
    {
        // The transform names the label on an outcome already known; it is no feature of the contract.
        MonitorMeasures m = Measure([Rejected(("late", RejectionCode.OutcomeAlreadyKnown)), Rejected(("distance_km", RejectionCode.NotFinite))]);

        m.Requests.Should().Be(2);
        m.Reached.Should().Be(1);
        m.Features[0].OutOfRange.Should().Be(1);
        m.Features[0].OutOfRangeRate.Should().Be(1);
    }

    [Fact]
    public void Percentiles_are_exact_nearest_ranks()
    {
        // Lags of 1..20 minutes: p50 at rank ⌈10⌉ = 10, p95 at rank ⌈19⌉ = 19. With 21 lags: p50 at ⌈10.5⌉ = 11, p95 at ⌈19.95⌉ = 20.
        static RowObservation WithDistanceLag(int minutes) => Accepted(
            Cell(FeatureValue.Numeric(1), lag: Duration.FromMinutes(minutes)),
            Cell(FeatureValue.Numeric(1)),
            Cell(FeatureValue.Categorical("northline")),
            Cell(FeatureValue.Bool(true)));

        // Added in descending order, so that nothing depends on arrival order.
        Measure(Enumerable.Range(1, 20).Reverse().Select(WithDistanceLag)).Features[0].Freshness.Should()
            .Be(new FreshnessSummary(20, Duration.FromMinutes(10), Duration.FromMinutes(19), Duration.FromMinutes(20)));
        Measure(Enumerable.Range(1, 21).Reverse().Select(WithDistanceLag), capacity: 100).Features[0].Freshness.Should()
            .Be(new FreshnessSummary(21, Duration.FromMinutes(11), Duration.FromMinutes(20), Duration.FromMinutes(21)));
    }

    [Fact]
    public void A_sliding_window_measures_only_the_last_observations()
    {
        // Capacity 2 after requests 1, 2, 3: requests 2 and 3 remain.
        MonitorMeasures m = Measure(Six.Take(3), capacity: 2);

        m.Requests.Should().Be(2);
        m.Reached.Should().Be(2);
        m.Accepted.Should().Be(1);
        m.Features[0].NoValue.Should().Be(1);
        m.Features[0].Freshness.Should().Be(new FreshnessSummary(1, H(3), H(3), H(3)));
        m.Features[1].NoValue.Should().Be(0, "request 1's missing backlog left the window");
        m.Features[1].OutOfRange.Should().Be(1);
        m.Features[2].Unseen.Should().Be(1);
        m.RejectionsByCode.Should().Equal(new Dictionary<string, long> { ["missing_value"] = 1, ["unseen_category"] = 1 });
    }

    [Property(MaxTest = 200)]
    public bool A_sliding_window_equals_a_full_window_over_its_last_observations(PositiveInt capacity, NonNegativeInt count, int seed)
    {
        var random = new Random(seed);
#pragma warning disable CA5394 // Seeded test data.
        RowObservation[] observations = [.. Enumerable.Range(0, count.Get % 60).Select(_ => Six[random.Next(Six.Length)])];
#pragma warning restore CA5394
        int n = (capacity.Get % 10) + 1;

        MonitorMeasures sliding = Measure(observations, n);
        MonitorMeasures full = Measure(observations.Skip(Math.Max(0, observations.Length - n)));
        return sliding.Requests == full.Requests
            && sliding.Reached == full.Reached
            && sliding.Accepted == full.Accepted
            && sliding.RejectionsByCode.SequenceEqual(full.RejectionsByCode)
            && sliding.Features.SequenceEqual(full.Features);
    }

    [Fact]
    public void An_observation_from_a_row_result_keeps_values_notes_and_lags()
    {
        var view = new ToyView(T)
        {
            Distance = Seen(12.5, T - H(2)),
            Carrier = Seen("westway", T - H(1)),
            Expedited = Observation<bool>.AbsentByDeclaration(),
        };
        RowObservation observation = RowObservation.From(Contract.BuildTestRow(view));

        observation.IsAccepted.Should().BeTrue();
        observation.Cells.Should().Equal(
            Cell(FeatureValue.Numeric(12.5), lag: H(2)),
            Cell(FeatureValue.Missing(FeatureKind.Numeric), CellNotes.Missing),
            Cell(FeatureValue.Categorical("other"), CellNotes.UnseenMapped, H(1)),
            Cell(FeatureValue.Bool(false), CellNotes.DefaultedByDeclaredAbsence));

        RowObservation rejected = RowObservation.From(Contract.BuildTestRow(new ToyView(T)));
        rejected.IsAccepted.Should().BeFalse();
        rejected.Rejections.Select(r => (r.Feature, r.Code)).Should().Equal(
            ("distance_km", RejectionCode.MissingValue), ("carrier", RejectionCode.MissingValue), ("expedited", RejectionCode.MissingValue));
    }

    [Fact]
    public void An_accepted_observation_with_the_wrong_number_of_cells_is_refused()
    {
        var window = new MonitorWindow(Contract);
        Action add = () => window.Add(Accepted(Cell(FeatureValue.Numeric(1))));
        add.Should().Throw<ArgumentException>().WithMessage("*one cell per feature (4), not 1*");
    }

    [Fact]
    public void An_unknown_rejection_code_is_refused_by_name()
    {
        Action rate = () => Measure(Six).RejectionRate("bogus");
        rate.Should().Throw<ArgumentException>().WithMessage("*bogus*");
    }
}
