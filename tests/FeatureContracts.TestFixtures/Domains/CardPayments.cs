using System;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Sources;
using FeatureContracts.Vectors;
using NodaTime;

namespace FeatureContracts.TestDomains.Cards;

// A tiny second domain, nothing to do with shipments: a row is one card (card_id) at an instant; its one feature is the
// amount of the card's last visible payment; a chargeback is the outcome. It proves that serving and dependency
// injection know no more of a domain than the core's Domain and Transform tell them.

internal sealed record CardOpened : DomainEvent
{
    public CardOpened(string cardId, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
        => CardId = cardId;

    public string CardId { get; }

    public override string EventType => "card_opened";
}

internal sealed record Payment : DomainEvent
{
    public Payment(string cardId, double amount, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
    {
        CardId = cardId;
        Amount = amount;
    }

    public string CardId { get; }

    public double Amount { get; }

    public override string EventType => "payment";
}

internal sealed record Chargeback : DomainEvent
{
    public Chargeback(string cardId, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
        => CardId = cardId;

    public string CardId { get; }

    public override string EventType => "chargeback";
}

internal sealed class CardView(string cardId, Instant predictionInstant, Payment? lastPayment) : IPointInTimeView
{
    public string EntityId => cardId;

    public Instant PredictionInstant => predictionInstant;

    public Payment? LastPayment => lastPayment;
}

internal sealed class CardDomain : Domain<CardView>
{
    public const string CardKey = "card_id";

    private static readonly EventSchema Events = EventSchema.Define()
        .Event<CardOpened>("card_opened", t => t
            .Key(CardKey, e => e.CardId)
            .CreatedBy(f => new CardOpened(f.Text(CardKey)!, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Event<Payment>("payment", t => t
            .Key(CardKey, e => e.CardId)
            .Number("amount", e => e.Amount)
            .CreatedBy(f => new Payment(f.Text(CardKey)!, f.Number("amount")!.Value, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Outcome<Chargeback>("chargeback", t => t
            .Key(CardKey, e => e.CardId)
            .CreatedBy(f => new Chargeback(f.Text(CardKey)!, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Build();

    private CardDomain()
        : base("card_payments", Events, new EntityLayout(CardKey, "card", "card_opened"), new LabelDefinition("charged_back", "fraud", "genuine"), "cards-1")
    {
    }

    public static CardDomain Instance { get; } = new();

    public static ValueSource<CardView, double> LastAmount { get; } = ValueSource.Numeric<CardView>(
        "last_payment_amount",
        [Events.Field("payment", "amount")],
        view => view.LastPayment is { } payment ? Observation<double>.Present(payment.Amount, payment.ToLineage()) : Observation<double>.Missing());

    public static FeatureContract<CardView> Contract { get; } = FeatureContract.Define<CardView>("card_fraud", version: 1)
        .Numeric("last_amount", f => f.From(LastAmount).FillMissingWith(0).RejectOutside(0, 1_000_000))
        .Build();

    public static Transform<CardView> Transform { get; } = new(Instance, Contract);

    public static FeatureVectorizer Vectorizer { get; } = FeatureVectorizer.For(Contract).Build();

    public override CardView ViewAt(IHistoryLookup histories, string entityId, Instant predictionInstant)
    {
        ArgumentNullException.ThrowIfNull(histories);
        return new CardView(entityId, predictionInstant, histories.History(CardKey, entityId).AsOf<Payment>(predictionInstant));
    }

    public override LabelState LabelAt(IHistoryLookup histories, string entityId, Instant snapshot)
    {
        ArgumentNullException.ThrowIfNull(histories);
        return histories.History(CardKey, entityId).AsOf<Chargeback>(snapshot) is { } chargeback
            ? LabelState.Known(true, chargeback.RecordedAt)
            : LabelState.Unknown;
    }
}

/// <summary>A model over the card contract: the last amount in thousands.</summary>
internal sealed class ThousandsModel(string? fingerprint = null) : IScoringModel
{
    public string ModelId => "thousands@1";

    public string ContractFingerprint { get; } = fingerprint ?? CardDomain.Contract.Fingerprint;

    public int InputLength => CardDomain.Vectorizer.Length;

    public double Score(ReadOnlySpan<double> vector) => vector[0] / 1000;
}
