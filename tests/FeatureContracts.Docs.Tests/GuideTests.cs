using System;
using System.IO;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Docs.Tests;

/// <summary>The guide's domain, run: rows, gates and label through the one transform.</summary>
public sealed class GuideTests
{
    private static readonly Instant Opened = Instant.FromUtc(2026, 5, 1, 8, 0);

    [Fact]
    public void Guide_run_builds_the_row_known_at_T()
    {
        // begin-snippet: run
        var store = new HistoryStore(TicketDomain.Events);
        store.Append(new TicketOpened("T-1", "high", Instant.FromUtc(2026, 5, 1, 8, 0)));
        store.Append(new AgentReplied("T-1", Instant.FromUtc(2026, 5, 1, 9, 0)));
        store.Append(new AgentReplied("T-1", Instant.FromUtc(2026, 5, 1, 10, 0), Recorded: Instant.FromUtc(2026, 5, 1, 13, 0)));

        RowResult result = TicketContract.Transform.BuildRow(store, "T-1", Instant.FromUtc(2026, 5, 1, 12, 0));
        FeatureRow row = result.GetRowOrThrow();
        // priority = high, replies_last_24h = 1 (the second reply was recorded after T), hours_open = 4
        // end-snippet

        row["priority"].Value.Category.Should().Be("high");
        row["replies_last_24h"].Value.Number.Should().Be(1);
        row["hours_open"].Value.Number.Should().Be(4);
    }

    [Fact]
    public void A_ticket_opened_but_recorded_after_T_is_not_known()
    {
        var store = new HistoryStore(TicketDomain.Events);
        store.Append(new TicketOpened("T-1", "low", Opened, Recorded: Opened + Duration.FromHours(2)));

        RowResult result = TicketContract.Transform.BuildRow(store, "T-1", Opened + Duration.FromHours(1));

        result.Rejections.Should().ContainSingle().Which.Code.Should().Be(RejectionCode.EntityNotKnown);
        result.Rejections[0].Message.Should().Be($"no ticket_opened event of ticket 'T-1' is visible at {Opened + Duration.FromHours(1)}");
    }

    [Fact]
    public void A_prediction_at_or_after_the_resolution_record_is_leakage()
    {
        var store = new HistoryStore(TicketDomain.Events);
        store.Append(new TicketOpened("T-1", "low", Opened));
        store.Append(new TicketResolved("T-1", Opened + Duration.FromHours(5)));

        TicketContract.Transform.BuildRow(store, "T-1", Opened + Duration.FromHours(5))
            .Rejections.Should().ContainSingle().Which.Code.Should().Be(RejectionCode.OutcomeAlreadyKnown);
        TicketContract.Transform.BuildRow(store, "T-1", Opened + Duration.FromHours(5) - Duration.FromTicks(1)).IsAccepted.Should().BeTrue();
    }

    [Fact]
    public void An_unresolved_ticket_breaches_at_the_deadline_and_not_before()
    {
        var store = new HistoryStore(TicketDomain.Events);
        store.Append(new TicketOpened("T-1", "low", Opened));
        Instant deadline = Opened + TicketDomain.Sla;

        TicketContract.Transform.LabelAt(store, "T-1", deadline - Duration.FromTicks(1)).Should().Be(LabelState.Unknown);
        TicketContract.Transform.LabelAt(store, "T-1", deadline).Should().Be(LabelState.Known(true, deadline));
    }

    [Fact]
    public void A_resolution_recorded_late_is_known_from_its_first_record_or_the_deadline()
    {
        var store = new HistoryStore(TicketDomain.Events);
        store.Append(new TicketOpened("T-1", "low", Opened));
        store.Append(new TicketResolved("T-1", Opened + Duration.FromHours(10), Recorded: Opened + Duration.FromHours(60)));
        Instant deadline = Opened + TicketDomain.Sla;

        // Before the record arrives the deadline has passed unresolved: breached as known then; once the record is
        // visible the label is met, and it was known at the deadline (the earlier of the two).
        TicketContract.Transform.LabelAt(store, "T-1", deadline).Should().Be(LabelState.Known(true, deadline));
        TicketContract.Transform.LabelAt(store, "T-1", Opened + Duration.FromHours(60)).Should().Be(LabelState.Known(false, deadline));
    }

    [Fact]
    public void A_contract_reading_the_outcome_does_not_fit_the_domain()
    {
        var leaky = Sources.ValueSource.Numeric<TicketView>(
            "resolved_hours", [Sources.InputField.Predictor("ticket_resolved", "occurred_at")], _ => Sources.Observation<double>.Missing());
        FeatureContracts.Contracts.FeatureContract<TicketView> contract = FeatureContracts.Contracts.FeatureContract.Define<TicketView>("leaky", 1)
            .Numeric("resolved_hours", f => f.From(leaky).EmitMissingWithIndicator().RejectOutside(0, 1000))
            .Build();

        Action create = () => _ = new Transform<TicketView>(TicketDomain.Instance, contract);

        create.Should().Throw<ArgumentException>().WithMessage("*'resolved_hours'*ticket_resolved.occurred_at*outcome-only*");
    }
}
