using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Rows;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace FeatureContracts.Shipments.Tests;

/// <summary>Properties of the one transform over generated logs and prediction instants.</summary>
public sealed class TransformPropertyTests
{
    private const int Runs = 250;

    private static readonly string[] OutcomeTypes = ["delivered", "complaint", "label"];

    private static RowResult Build(ShipmentHistory history, BacklogTimeline backlog, Instant t)
        => ShipmentTransform.LateDeliveryV1.BuildRow(history, backlog, t);

    private static IEnumerable<(string OrderId, RowResult Result)> Rows(Scenario s, IEnumerable<OrderEvent> events, IEnumerable<BacklogMeasured> backlog)
    {
        BacklogTimeline timeline = BacklogTimeline.Of(backlog);
        return s.OrderIds.Select(id => (id, Build(s.HistoryOf(id, events), timeline, s.PredictionInstant)));
    }

    /// <summary>Accepted rows compare with FeatureRow.Equals; rejected ones by their (feature, code, attempted value).</summary>
    private static bool Same(RowResult a, RowResult b)
        => a.IsAccepted
            ? b.IsAccepted && a.Row.Equals(b.Row)
            : !b.IsAccepted && a.Rejections.Select(r => (r.Feature, r.Code, r.AttemptedValue))
                .SequenceEqual(b.Rejections.Select(r => (r.Feature, r.Code, r.AttemptedValue)));

    private static bool SameRows(Scenario s, IEnumerable<OrderEvent> events, IEnumerable<BacklogMeasured> backlog)
        => Rows(s, s.OrderEvents, s.Backlog).Zip(Rows(s, events, backlog)).All(pair => Same(pair.First.Result, pair.Second.Result));

    [Property(Arbitrary = [typeof(ScenarioArbitrary)], MaxTest = Runs)]
    public bool Row_from_full_history_equals_row_from_history_cut_at_T(Scenario s)
    {
        Instant t = s.PredictionInstant;
        return SameRows(s, s.OrderEvents.Where(e => e.RecordedAt <= t), s.Backlog.Where(m => m.RecordedAt <= t));
    }

    [Property(Arbitrary = [typeof(ScenarioArbitrary)], MaxTest = Runs)]
    public bool Shuffling_events_and_measurements_changes_nothing(Scenario s)
        => SameRows(s, s.ShuffledOrderEvents, s.ShuffledBacklog);

    [Property(Arbitrary = [typeof(ScenarioArbitrary)], MaxTest = Runs)]
    public bool Duplicated_event_ids_change_nothing(Scenario s)
        => SameRows(s, s.DuplicatedOrderEvents, s.DuplicatedBacklog);

    [Property(Arbitrary = [typeof(ScenarioArbitrary)], MaxTest = Runs)]
    public bool Accepted_rows_have_lineage_only_from_before_T_and_never_from_outcomes(Scenario s)
        => Rows(s, s.OrderEvents, s.Backlog)
            .Where(r => r.Result.IsAccepted)
            .SelectMany(r => r.Result.Row!.Lineage)
            .All(l => l.RecordedAt <= s.PredictionInstant && l.OccurredAt <= s.PredictionInstant && !OutcomeTypes.Contains(l.EventType));

    /// <summary>
    /// The leakage gate against an oracle written from the brief: with an order declaration visible at T, the
    /// outcome is known iff a delivery of the order is recorded at or before T, or T is at or after the deadline
    /// (start of the day after the promised date in the destination zone). Without one, the entity is not known.
    /// </summary>
    [Property(Arbitrary = [typeof(ScenarioArbitrary)], MaxTest = Runs)]
    public bool Outcome_already_known_exactly_when_the_brief_says(Scenario s)
    {
        Instant t = s.PredictionInstant;
        foreach (var (orderId, result) in Rows(s, s.OrderEvents, s.Backlog))
        {
            var mine = s.OrderEvents.Where(e => e.OrderId == orderId && e.RecordedAt <= t).ToList();
            OrderPlaced? order = mine.OfType<OrderPlaced>().MaxBy(o => o.OccurredAt);
            var codes = result.Rejections.Select(r => r.Code).ToList();
            if (order is null)
            {
                if (!codes.SequenceEqual([RejectionCode.EntityNotKnown]))
                {
                    return false;
                }

                continue;
            }

            Instant deadline = order.PromisedDate.PlusDays(1).AtStartOfDayInZone(order.DestinationZone).ToInstant();
            bool known = mine.OfType<Delivered>().Any() || t >= deadline;
            if (known != codes.SequenceEqual([RejectionCode.OutcomeAlreadyKnown]) || codes.Contains(RejectionCode.EntityNotKnown))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Generator_reaches_every_kind_of_row()
    {
        var results = ScenarioArbitrary.Scenarios.Sample(400)
            .SelectMany(s => Rows(s, s.OrderEvents, s.Backlog).Select(r => r.Result))
            .ToList();
        var accepted = results.Where(r => r.IsAccepted).Select(r => r.Row!).ToList();
        var codes = results.SelectMany(r => r.Rejections).Select(r => r.Code).ToHashSet();

        accepted.Should().HaveCountGreaterThan(40);
        codes.Should().Contain([
            RejectionCode.EntityNotKnown, RejectionCode.OutcomeAlreadyKnown, RejectionCode.MissingValue,
            RejectionCode.OutOfRange, RejectionCode.NotFinite,
        ]);
        accepted.Should().Contain(r => r["origin_backlog"].IsMissing);
        accepted.Should().Contain(r => !r["origin_backlog"].IsMissing);
        accepted.Should().Contain(r => r["hours_since_last_scan"].Notes == CellNotes.None);
        accepted.Should().Contain(r => r["hours_since_last_scan"].Notes == CellNotes.Filled);
        accepted.Should().Contain(r => r["carrier"].Notes == CellNotes.UnseenMapped);
        accepted.Should().Contain(r => r["expedited"].Notes == CellNotes.DefaultedByDeclaredAbsence);
    }
}
