using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.CardFraud.Histories;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Time;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace FeatureContracts.CardFraud.Tests;

/// <summary>Properties of the one transform over generated card-payment logs and prediction instants.</summary>
public sealed class TransformPropertyTests
{
    private const int Runs = 250;

    private static readonly Duration Day = Duration.FromHours(24);

    private static HistoryStore Store(IEnumerable<DomainEvent> events)
    {
        var store = new HistoryStore(CardFraudDomain.Instance.Schema);
        store.AppendRange(events);
        return store;
    }

    private static IEnumerable<(string Id, RowResult Result)> Rows(CardLog log, IEnumerable<DomainEvent> events)
    {
        HistoryStore store = Store(events);
        return log.AuthorizationIds.Select(id => (id, CardFraudTransform.V1.BuildRow(store, id, log.PredictionInstant)));
    }

    /// <summary>Accepted rows compare with FeatureRow.Equals (values, notes, lineage); rejected ones by (feature, code, attempted value).</summary>
    private static bool Same(RowResult a, RowResult b)
        => a.IsAccepted
            ? b.IsAccepted && a.Row.Equals(b.Row)
            : !b.IsAccepted && a.Rejections.Select(r => (r.Feature, r.Code, r.AttemptedValue))
                .SequenceEqual(b.Rejections.Select(r => (r.Feature, r.Code, r.AttemptedValue)));

    private static bool SameRows(CardLog log, IEnumerable<DomainEvent> events)
        => Rows(log, log.Events).Zip(Rows(log, events)).All(pair => Same(pair.First.Result, pair.Second.Result));

    /// <summary>The authorization's request as-of T, by the brute-force rule over the log in input order.</summary>
    private static AuthorizationRequested? RequestAsOf(CardLog log, string id)
        => TimeRules.AsOf([.. log.Events.OfType<AuthorizationRequested>().Where(r => r.AuthorizationId == id)], log.PredictionInstant);

    [Property(Arbitrary = [typeof(CardLogGenerator)], MaxTest = Runs)]
    public bool Row_from_full_history_equals_row_from_history_cut_at_T(CardLog log)
        => SameRows(log, log.Events.Where(e => e.RecordedAt <= log.PredictionInstant));

    [Property(Arbitrary = [typeof(CardLogGenerator)], MaxTest = Runs)]
    public bool Shuffling_arrival_order_changes_nothing(CardLog log) => SameRows(log, log.Shuffled);

    [Property(Arbitrary = [typeof(CardLogGenerator)], MaxTest = Runs)]
    public bool Duplicated_event_ids_change_nothing(CardLog log) => SameRows(log, log.Duplicated);

    /// <summary>The indexed window count against <see cref="TimeRules.IsInWindow"/> over every request of the card.</summary>
    [Property(Arbitrary = [typeof(CardLogGenerator)], MaxTest = Runs)]
    public bool Window_count_equals_the_brute_force_count(CardLog log)
    {
        HistoryStore store = Store(log.Events);
        Instant t = log.PredictionInstant;
        foreach (string id in log.AuthorizationIds)
        {
            AuthorizationView view = CardFraudDomain.Instance.ViewAt(store, id, t);
            if (view.Authorization is not { } current)
            {
                continue;
            }

            long expected = log.Events.OfType<AuthorizationRequested>().Count(r => r.CardId == current.CardId && r.IsInWindow(t, Day));
            if (view.CardAuthorizationsIn(Day) != expected)
            {
                return false;
            }

            RowResult row = CardFraudTransform.V1.BuildRow(store, id, t);
            if (row.IsAccepted && row.Row!["authorizations_on_card_24h"].Value != FeatureValue.Numeric(Math.Min(expected, 1_000)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// hours_since_previous_authorization against an oracle written from its definition: the latest other request of the
    /// card visible at T that occurred at or before this authorization's as-of request; capped at 720, none is 720.
    /// </summary>
    [Property(Arbitrary = [typeof(CardLogGenerator)], MaxTest = Runs)]
    public bool Hours_since_previous_authorization_follows_its_definition(CardLog log)
    {
        Instant t = log.PredictionInstant;
        foreach (var (id, result) in Rows(log, log.Events).Where(r => r.Result.IsAccepted))
        {
            AuthorizationRequested current = RequestAsOf(log, id)!;
            Instant? previous = log.Events.OfType<AuthorizationRequested>()
                .Where(r => r.CardId == current.CardId && r.AuthorizationId != id && r.RecordedAt <= t && r.OccurredAt <= current.OccurredAt)
                .Select(r => (Instant?)r.OccurredAt)
                .Max();
            double expected = previous is { } p ? Math.Min((current.OccurredAt - p).TotalHours, 720) : 720;
            if (result.Row!["hours_since_previous_authorization"].Value != FeatureValue.Numeric(expected))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The row gates against an oracle written from the rules: without a visible request the authorization is not known;
    /// with one, the outcome is known iff a chargeback of it is recorded at or before T or T is at or after its deadline.
    /// </summary>
    [Property(Arbitrary = [typeof(CardLogGenerator)], MaxTest = Runs)]
    public bool Outcome_already_known_exactly_when_the_rules_say(CardLog log)
    {
        Instant t = log.PredictionInstant;
        foreach (var (id, result) in Rows(log, log.Events))
        {
            var codes = result.Rejections.Select(r => r.Code).ToList();
            if (RequestAsOf(log, id) is not { } current)
            {
                if (!codes.SequenceEqual([RejectionCode.EntityNotKnown]))
                {
                    return false;
                }

                continue;
            }

            bool known = log.Events.OfType<ChargebackFiled>().Any(c => c.AuthorizationId == id && c.RecordedAt <= t)
                || t >= current.OccurredAt + Duration.FromDays(60);
            if (known != codes.SequenceEqual([RejectionCode.OutcomeAlreadyKnown]) || codes.Contains(RejectionCode.EntityNotKnown))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The label at T as a snapshot against its definition: value and known-at from the chargebacks visible at T.</summary>
    [Property(Arbitrary = [typeof(CardLogGenerator)], MaxTest = Runs)]
    public bool Label_at_a_snapshot_follows_its_definition(CardLog log)
    {
        Instant snapshot = log.PredictionInstant;
        HistoryStore store = Store(log.Events);
        foreach (string id in log.AuthorizationIds)
        {
            LabelState expected = LabelState.Unknown;
            if (RequestAsOf(log, id) is { } current)
            {
                Instant deadline = current.OccurredAt + Duration.FromDays(60);
                var visible = log.Events.OfType<ChargebackFiled>().Where(c => c.AuthorizationId == id && c.RecordedAt <= snapshot).ToList();
                Instant knownAt = visible.Select(c => c.RecordedAt).Append(deadline).Min();
                expected = knownAt <= snapshot ? LabelState.Known(visible.Any(c => c.OccurredAt < deadline), knownAt) : LabelState.Unknown;
            }

            if (CardFraudDomain.Instance.LabelAt(store, id, snapshot) != expected)
            {
                return false;
            }
        }

        return true;
    }

    [Property(Arbitrary = [typeof(CardLogGenerator)], MaxTest = Runs)]
    public bool Accepted_rows_have_lineage_only_from_before_T_and_never_from_a_chargeback(CardLog log)
        => Rows(log, log.Events)
            .Where(r => r.Result.IsAccepted)
            .SelectMany(r => r.Result.Row!.Lineage)
            .All(l => l.RecordedAt <= log.PredictionInstant && l.OccurredAt <= log.PredictionInstant && l.EventType != "chargeback_filed");

    [Fact]
    public void Generator_reaches_every_kind_of_row()
    {
        var logs = CardLogGenerator.Logs.Sample(400);
        var results = logs.SelectMany(log => Rows(log, log.Events).Select(r => r.Result)).ToList();
        var accepted = results.Where(r => r.IsAccepted).Select(r => r.Row!).ToList();
        var codes = results.SelectMany(r => r.Rejections).Select(r => r.Code).ToHashSet();

        accepted.Should().HaveCountGreaterThan(100);
        codes.Should().Contain([RejectionCode.EntityNotKnown, RejectionCode.OutcomeAlreadyKnown, RejectionCode.MissingValue, RejectionCode.OutOfRange]);
        accepted.Should().Contain(r => r["merchant_risk"].IsMissing && r["merchant_risk"].Notes.HasFlag(CellNotes.BeyondMaxAge));
        accepted.Should().Contain(r => !r["merchant_risk"].IsMissing);
        accepted.Should().Contain(r => r["hours_since_previous_authorization"].Notes == CellNotes.None);
        accepted.Should().Contain(r => r["hours_since_previous_authorization"].Notes == CellNotes.Filled);
        accepted.Should().Contain(r => r["authorizations_on_card_24h"].Value == FeatureValue.Numeric(0));
        accepted.Should().Contain(r => r["authorizations_on_card_24h"].Value.Number >= 3);
        accepted.Should().Contain(r => r["country"].Notes == CellNotes.UnseenMapped);
        accepted.Should().Contain(r => r["country"].IsMissing);
        logs.Should().Contain(log => VisibleRequestAt(log, log.PredictionInstant - Day), "a request exactly 24 h before T sits on the open edge");
        logs.Should().Contain(log => VisibleRequestAt(log, log.PredictionInstant - Day + Duration.Epsilon), "a request one tick inside the window");
    }

    private static bool VisibleRequestAt(CardLog log, Instant occurredAt)
        => log.Events.OfType<AuthorizationRequested>().Any(r => r.OccurredAt == occurredAt && r.RecordedAt <= log.PredictionInstant);
}
