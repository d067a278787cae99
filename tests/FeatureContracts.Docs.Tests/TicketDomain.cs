// The code of docs/your-own-domain.md: each marked block appears in the guide verbatim (DocSnippetTests),
// guide verbatim (DocSnippetTests), and GuideTests runs it.
using System;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.Docs.Tests;

// begin-snippet: events
/// <summary>A support ticket was opened.</summary>
public sealed record TicketOpened(string TicketId, string Priority, Instant OpenedAt, Instant? Recorded = null, string? Id = null)
    : DomainEvent(OpenedAt, Recorded, Id)
{
    public override string EventType => "ticket_opened";
}

/// <summary>An agent replied to the customer.</summary>
public sealed record AgentReplied(string TicketId, Instant RepliedAt, Instant? Recorded = null, string? Id = null)
    : DomainEvent(RepliedAt, Recorded, Id)
{
    public override string EventType => "agent_replied";
}

/// <summary>The ticket was resolved: the outcome, never a feature input.</summary>
public sealed record TicketResolved(string TicketId, Instant ResolvedAt, Instant? Recorded = null, string? Id = null)
    : DomainEvent(ResolvedAt, Recorded, Id)
{
    public override string EventType => "ticket_resolved";
}
// end-snippet

// begin-snippet: view
/// <summary>One ticket as known at T: only events recorded by T, and no outcome.</summary>
public sealed class TicketView(string ticketId, Instant t, TicketOpened? opened, EntityHistory history) : IPointInTimeView
{
    public string EntityId => ticketId;

    public Instant PredictionInstant => t;

    public TicketOpened? Opened => opened;

    /// <summary>Replies visible at T that happened in (T − window, T].</summary>
    public long RepliesWithin(Duration window) => history.Window<AgentReplied>().CountIn(t, window);
}
// end-snippet

public sealed class TicketDomain : Domain<TicketView>
{
    // begin-snippet: schema
    public static EventSchema Events { get; } = EventSchema.Define()
        .Event<TicketOpened>("ticket_opened", t => t
            .Key("ticket_id", e => e.TicketId)
            .Text("priority", e => e.Priority, shared: true)
            .CreatedBy(f => new TicketOpened(f.Text("ticket_id")!, f.Text("priority")!, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Event<AgentReplied>("agent_replied", t => t
            .Key("ticket_id", e => e.TicketId)
            .CreatedBy(f => new AgentReplied(f.Text("ticket_id")!, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Outcome<TicketResolved>("ticket_resolved", t => t
            .Key("ticket_id", e => e.TicketId)
            .CreatedBy(f => new TicketResolved(f.Text("ticket_id")!, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Build();
    // end-snippet

    // begin-snippet: domain
    public static readonly Duration Sla = Duration.FromHours(48);

    private TicketDomain()
        : base(
            name: "tickets",
            schema: Events,
            entity: new EntityLayout(Key: "ticket_id", Noun: "ticket", KnownBy: "ticket_opened"),
            label: new LabelDefinition("resolved_after_sla", PositiveClass: "breached", NegativeClass: "met"),
            transformVersion: "tickets-1.0.0")
    {
    }

    public static TicketDomain Instance { get; } = new();

    public override TicketView ViewAt(IHistoryLookup histories, string entityId, Instant predictionInstant)
    {
        EntityHistory ticket = histories.History("ticket_id", entityId);
        return new TicketView(entityId, predictionInstant, ticket.AsOf<TicketOpened>(predictionInstant), ticket);
    }

    public override LabelState LabelAt(IHistoryLookup histories, string entityId, Instant snapshot)
    {
        EntityHistory ticket = histories.History("ticket_id", entityId);
        if (ticket.AsOf<TicketOpened>(snapshot) is not { } opened)
        {
            return LabelState.Unknown;
        }

        Instant deadline = opened.OccurredAt + Sla;
        if (ticket.AsOf<TicketResolved>(snapshot) is { } resolved)
        {
            Instant firstRecord = ticket.EarliestRecordedAt<TicketResolved>()!.Value;
            return LabelState.Known(resolved.OccurredAt >= deadline, firstRecord < deadline ? firstRecord : deadline);
        }

        // Unresolved past the deadline: the SLA is breached, and known to be from the deadline on.
        return snapshot >= deadline ? LabelState.Known(true, deadline) : LabelState.Unknown;
    }
    // end-snippet
}

public static class TicketContract
{
    // begin-snippet: sources
    private static readonly EventSchema Schema = TicketDomain.Events;

    public static ValueSource<TicketView, string> Priority { get; } = ValueSource.Categorical<TicketView>(
        "ticket_priority",
        [Schema.Field("ticket_opened", "priority")],
        view => view.Opened is { } opened
            ? Observation<string>.Present(opened.Priority, opened.ToLineage())
            : Observation<string>.Missing());

    public static ValueSource<TicketView, double> RepliesLast24h { get; } = ValueSource.Numeric<TicketView>(
        "replies_last_24h",
        [Schema.Field("agent_replied", "occurred_at")],
        view => Observation<double>.Present(view.RepliesWithin(Duration.FromHours(24))));

    public static ValueSource<TicketView, double> HoursOpen { get; } = ValueSource.Numeric<TicketView>(
        "hours_open",
        [Schema.Field("ticket_opened", "occurred_at")],
        view => view.Opened is { } opened
            ? Observation<double>.Present((view.PredictionInstant - opened.OccurredAt).TotalHours, opened.ToLineage())
            : Observation<double>.Missing());
    // end-snippet

    // begin-snippet: contract
    public static FeatureContract<TicketView> V1 { get; } = FeatureContract.Define<TicketView>("sla_breach", version: 1)
        .Categorical("priority", f => f.From(Priority)
            .Vocabulary("low", "normal", "high", "urgent").MapUnseenTo("other").RejectIfMissing())
        .Numeric("replies_last_24h", f => f.From(RepliesLast24h).RejectIfMissing().RejectOutside(0, 10_000))
        .Numeric("hours_open", f => f.From(HoursOpen).RejectIfMissing().CapAt(Sla.TotalHours))
        .Build();

    public static Transform<TicketView> Transform { get; } = new(TicketDomain.Instance, V1);
    // end-snippet

    private static Duration Sla => TicketDomain.Sla;
}
