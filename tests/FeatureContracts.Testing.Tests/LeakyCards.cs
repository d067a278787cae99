using System;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.Testing.Tests;

// A small domain with a deliberate bug: its view reads a card's last payment as of the end of time instead of as of T.

internal sealed record CardOpened : DomainEvent
{
    public CardOpened(string cardId, Instant occurredAt)
        : base(occurredAt, null, null)
        => CardId = cardId;

    public string CardId { get; }

    public override string EventType => "card_opened";
}

internal sealed record Payment : DomainEvent
{
    public Payment(string cardId, double amount, Instant occurredAt)
        : base(occurredAt, null, null)
    {
        CardId = cardId;
        Amount = amount;
    }

    public string CardId { get; }

    public double Amount { get; }

    public override string EventType => "payment";
}

internal sealed class CardView(string cardId, Instant predictionInstant, Payment? lastPayment) : IPointInTimeView
{
    public string EntityId => cardId;

    public Instant PredictionInstant => predictionInstant;

    public Payment? LastPayment => lastPayment;
}

internal sealed class LeakyCards : Domain<CardView>
{
    private static readonly EventSchema Events = EventSchema.Define()
        .Event<CardOpened>("card_opened", t => t
            .Key("card_id", e => e.CardId)
            .CreatedBy(f => new CardOpened(f.Text("card_id")!, f.OccurredAt)))
        .Event<Payment>("payment", t => t
            .Key("card_id", e => e.CardId)
            .Number("amount", e => e.Amount)
            .CreatedBy(f => new Payment(f.Text("card_id")!, f.Number("amount")!.Value, f.OccurredAt)))
        .Build();

    private LeakyCards()
        : base("leaky_cards", Events, new EntityLayout("card_id", "card", "card_opened"), new LabelDefinition("charged_back", "fraud", "genuine"), "leaky-1")
    {
    }

    public static LeakyCards Instance { get; } = new();

    private static ValueSource<CardView, double> LastAmount { get; } = ValueSource.Numeric<CardView>(
        "last_payment_amount",
        [Events.Field("payment", "amount")],
        view => view.LastPayment is { } payment ? Observation<double>.Present(payment.Amount) : Observation<double>.Missing());

    public static Transform<CardView> Transform { get; } = new(
        Instance,
        FeatureContract.Define<CardView>("leaky_cards", version: 1).Numeric("last_amount", f => f.From(LastAmount).FillMissingWith(0).RejectOutside(0, 1_000_000)).Build());

    public override CardView ViewAt(IHistoryLookup histories, string entityId, Instant predictionInstant)
    {
        ArgumentNullException.ThrowIfNull(histories);
        return new CardView(entityId, predictionInstant, histories.History("card_id", entityId).AsOf<Payment>(Instant.MaxValue));
    }

    public override LabelState LabelAt(IHistoryLookup histories, string entityId, Instant snapshot) => LabelState.Unknown;
}
