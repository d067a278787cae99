using System;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.CardFraud.Labels;
using FeatureContracts.Domains;
using NodaTime;
using static FeatureContracts.CardFraud.Tests.Builders;

namespace FeatureContracts.CardFraud.Tests.Labels;

/// <summary>
/// <c>chargeback_within_60d</c>: 1 iff a chargeback visible at the snapshot occurred before the request + 60 days;
/// known at min(earliest visible chargeback recorded_at, request + 60 days).
/// </summary>
public sealed class ChargebackLabelTests
{
    /// <summary>A-1's deadline: 2026-06-30T09:00Z.</summary>
    private static readonly Instant Deadline = Nine + Duration.FromDays(60);

    private static LabelState Label(Instant snapshot, params DomainEvent[] events)
        => CardFraudDomain.Instance.LabelAt(Store([Requested(), .. events]), AuthorizationId, snapshot);

    [Fact]
    public void Deadline_is_exactly_1440_hours_after_the_request()
    {
        ChargebackLabel.Deadline(Requested()).Should().Be(At("2026-06-30T09:00Z"));
        ChargebackLabel.Horizon.Should().Be(Duration.FromHours(1440));
    }

    [Fact]
    public void Deadline_ignores_daylight_saving_time()
    {
        // Requested just before Europe's 2026 spring change; 60 days later it is still 1440 hours, not a local day.
        ChargebackLabel.Deadline(Requested(At("2026-03-28T12:00Z"))).Should().Be(At("2026-05-27T12:00Z"));
    }

    [Fact]
    public void Without_chargeback_the_label_is_unknown_until_the_deadline()
    {
        Label(Deadline - Tick).Should().Be(LabelState.Unknown);
    }

    [Fact]
    public void Without_chargeback_the_label_is_0_from_the_deadline_known_at_the_deadline()
    {
        Label(Deadline).Should().Be(LabelState.Known(false, Deadline));
    }

    [Fact]
    public void Chargeback_is_known_when_its_record_arrives()
    {
        ChargebackFiled filed = Chargeback(Nine + Duration.FromDays(10), Nine + Duration.FromDays(11));

        Label(Nine + Duration.FromDays(11) - Tick, filed).Should().Be(LabelState.Unknown);
        Label(Nine + Duration.FromDays(11), filed).Should().Be(LabelState.Known(true, Nine + Duration.FromDays(11)));
    }

    [Fact]
    public void Chargeback_one_tick_before_the_deadline_is_within_60_days()
    {
        Label(Deadline, Chargeback(Deadline - Tick)).Value.Should().BeTrue();
    }

    [Fact]
    public void Chargeback_exactly_at_the_deadline_is_not_within_60_days()
    {
        Label(Deadline, Chargeback(Deadline)).Should().Be(LabelState.Known(false, Deadline));
    }

    [Fact]
    public void Chargeback_after_60_days_gives_0_known_at_the_deadline()
    {
        Label(Nine + Duration.FromDays(70), Chargeback(Nine + Duration.FromDays(70))).Should().Be(LabelState.Known(false, Deadline));
    }

    [Fact]
    public void Chargeback_recorded_late_reads_0_until_its_record_arrives_then_1_still_known_at_the_deadline()
    {
        ChargebackFiled late = Chargeback(Nine + Duration.FromDays(50), Nine + Duration.FromDays(65));

        Label(Nine + Duration.FromDays(65) - Tick, late).Should().Be(LabelState.Known(false, Deadline));
        Label(Nine + Duration.FromDays(65), late).Should().Be(LabelState.Known(true, Deadline));
    }

    [Fact]
    public void Known_at_is_the_earliest_record_among_visible_chargebacks()
    {
        LabelState state = Label(
            Deadline,
            Chargeback(Nine + Duration.FromDays(20), eventId: "cb-2"),
            Chargeback(Nine + Duration.FromDays(5), Nine + Duration.FromDays(8), eventId: "cb-1"));

        state.Should().Be(LabelState.Known(true, Nine + Duration.FromDays(8)));
    }

    [Fact]
    public void Chargeback_recorded_after_the_snapshot_is_invisible()
    {
        Label(Nine + Duration.FromDays(3), Chargeback(Nine + Duration.FromDays(2), Nine + Duration.FromDays(3) + Tick)).Should().Be(LabelState.Unknown);
    }

    [Fact]
    public void Chargeback_of_another_authorization_does_not_count()
    {
        Label(Deadline, Chargeback(Nine + Duration.FromDays(1), authorizationId: OtherAuthorizationId)).Should().Be(LabelState.Known(false, Deadline));
    }

    [Fact]
    public void Label_is_unknown_while_no_request_is_visible()
    {
        LabelState state = CardFraudDomain.Instance.LabelAt(
            Store(Requested(recordedAt: Nine + Hours(1)), Chargeback(Nine, Nine)), AuthorizationId, Nine);

        state.Should().Be(LabelState.Unknown);
    }

    [Fact]
    public void Deadline_follows_the_as_of_request()
    {
        // A corrected request, recorded later, moves the authorization five hours on, and with it the deadline.
        HistoryStore store = Store(Requested(eventId: "req-1"), Requested(Nine + Hours(5), recordedAt: Nine + Hours(6), eventId: "req-2"));
        Instant moved = Deadline + Hours(5);

        CardFraudDomain.Instance.LabelAt(store, AuthorizationId, Deadline).Should().Be(LabelState.Unknown);
        CardFraudDomain.Instance.LabelAt(store, AuthorizationId, moved).Should().Be(LabelState.Known(false, moved));
    }

    [Fact]
    public void Label_refuses_a_history_that_is_not_an_authorization_s()
    {
        Action read = () => ChargebackLabel.At(EntityHistory.Empty("card_id", CardId), Nine);

        read.Should().Throw<ArgumentException>().WithMessage("*card_id*not of an authorization*");
    }
}
